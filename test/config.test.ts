import { parseHTML } from "linkedom";
import { describe, expect, test } from "vitest";
import { createReporter } from "../src/diagnostics.ts";
import { createLinkIndex } from "../src/linkindex.ts";
import { createMarkdown } from "../src/markdown/index.ts";
import { normalizeSiteConfig } from "../src/site.ts";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { buildSite, copySite } from "./helpers/site.ts";

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

describe("settings this blog does not read", () => {
  test("are a warning at their line, with a did-you-mean; Jekyll's own are read quietly; with Liquid on, every key is site.*", () => {
    const reporter = createReporter();
    normalizeSiteConfig({ title: "X", paginat: 5, cor: "azul", plugins: ["jekyll-feed"] }, reporter, { title: 1, paginat: 2, cor: 3, plugins: 4 });
    expect(reporter.diagnostics.map(({ line, code, message }) => `${line} ${code} ${message.split(";")[1]?.trim()}`))
      .toEqual(['2 unknown-setting did you mean "paginate"?', '3 unknown-setting it is ignored (docs/configurar.md lists the settings)']);
    const liquid = createReporter();
    normalizeSiteConfig({ liquid: true, cor: "azul" }, liquid);
    expect(liquid.diagnostics).toEqual([]);
  });

  test("paginate: the posts per home page, a whole number from 1 to 1000", () => {
    const reporter = createReporter();
    expect(normalizeSiteConfig({ paginate: 5 }, reporter).paginate).toBe(5);
    expect(normalizeSiteConfig({ paginate: 0 }, reporter).paginate).toBe(10);
    expect(reporter.diagnostics.map((d) => d.code)).toEqual(["config-value"]);
  });
});

test("paginate: 1 makes a home page per post, each linking the next", async () => {
  const root = copySite(".");
  appendFileSync(path.join(root, "_config.yml"), "paginate: 1\n");
  const site = await buildSite(root);
  expect(site.code).toBe(0);
  const titles = (url: string) => [...site.page(url).querySelectorAll("main h2 a")].map((a) => a.textContent);
  expect([titles("/"), titles("/page/2/"), site.exists("/page/3/")]).toEqual([["AWS - Network"], ["Aplicações escaláveis"], false]);
  expect(site.page("/").querySelector('a[href="/page/2/"]')).not.toBe(null);
});
