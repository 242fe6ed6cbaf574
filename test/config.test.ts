import { parseHTML } from "linkedom";
import { describe, expect, test } from "vitest";
import { createReporter } from "../src/diagnostics.ts";
import { createLinkIndex } from "../src/linkindex.ts";
import { createMarkdown } from "../src/markdown/index.ts";
import { normalizeSiteConfig } from "../src/site.ts";

// The settings that change how Markdown and Liquid are read, as _config.yml writes them.
describe("markdown, kramdown and liquid settings", () => {
  test.each([
    [{}, { markdown: "gfm", liquid: false, kramdown: { smartQuotes: "“”‘’", lineNumbers: false } }],
    [{ markdown: "kramdown", liquid: true }, { markdown: "kramdown", liquid: true, kramdown: { smartQuotes: "“”‘’", lineNumbers: false } }],
    [{ markdown: "CommonMarkGhPages" }, { markdown: "gfm", liquid: false, kramdown: { smartQuotes: "“”‘’", lineNumbers: false } }],
    [{ kramdown: { smart_quotes: "lsquo,rsquo,laquo,raquo", syntax_highlighter_opts: { block: { line_numbers: true } } } },
      { markdown: "gfm", liquid: false, kramdown: { smartQuotes: "«»‘’", lineNumbers: true } }],
  ])("%j", (given, expected) => {
    const reporter = createReporter();
    const { markdown, liquid, kramdown } = normalizeSiteConfig(given, reporter);
    expect({ markdown, liquid, kramdown }).toEqual(expected);
    expect(reporter.diagnostics).toEqual([]);
  });

  test("a value of the wrong kind is an error at its key, and the default stays", () => {
    const reporter = createReporter();
    const config = normalizeSiteConfig({ liquid: "sim", kramdown: { smart_quotes: "aspas" } }, reporter, { liquid: 2, kramdown: 3 });
    expect([config.liquid, config.kramdown.smartQuotes]).toEqual([false, "“”‘’"]);
    expect(reporter.diagnostics.map(({ line, column, code }) => `${line}:${column} ${code}`)).toEqual(["2:9 config-value", "3:11 config-value"]);
  });

  test("the quotes and line numbers reach the rendered post", () => {
    const md = createMarkdown({ quotes: "«»‘’", lineNumbers: true });
    const reporter = createReporter();
    const html = md.render('"citação"\n\n```\nls\npwd\n```\n', { file: "p.md", bodyLine: 0, source: "", links: createLinkIndex(""), imageRefs: [], reporter });
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    expect(document.querySelector("p")?.textContent).toBe("«citação»");
    expect(document.querySelector("pre.linenos .gutter")?.textContent).toBe("1\n2");
  });
});
