import { describe, expect, test } from "vitest";
import { createDateFormat } from "../src/dates.ts";
import { createReporter } from "../src/diagnostics.ts";
import { parseFrontMatter } from "../src/frontmatter.ts";
import { normalizePost, parsePostFilename } from "../src/posts.ts";
import { expandPermalink, isSafePermalink } from "../src/routes.ts";
import { defaultSiteConfig } from "../src/site.ts";

describe("parsePostFilename", () => {
  test.each([
    ["2024-1-31-aws-network.md", { kind: "dated", day: { year: 2024, month: 1, day: 31 }, slug: "aws-network" }],
    ["2022-7-19-aplicacoes-escalaveis.md", { kind: "dated", day: { year: 2022, month: 7, day: 19 }, slug: "aplicacoes-escalaveis" }],
    ["2022-07-09-padded.markdown", { kind: "dated", day: { year: 2022, month: 7, day: 9 }, slug: "padded" }],
    ["2024-2-29-bissexto.md", { kind: "dated", day: { year: 2024, month: 2, day: 29 }, slug: "bissexto" }],
    ["2023-2-29-nao-bissexto.md", { kind: "bad-date", day: { year: 2023, month: 2, day: 29 }, slug: "nao-bissexto" }],
    ["2022-13-45-x.md", { kind: "bad-date", day: { year: 2022, month: 13, day: 45 }, slug: "x" }],
    ["2024-1-1-Introdução ao Go.md", { kind: "dated", day: { year: 2024, month: 1, day: 1 }, slug: "Introdução-ao-Go" }],
    ["2024-1-1-o que é isso?.md", { kind: "dated", day: { year: 2024, month: 1, day: 1 }, slug: "o-que-é-isso" }],
    ["2024-1-1-ac\u0327a\u0303o.md", { kind: "dated", day: { year: 2024, month: 1, day: 1 }, slug: "ação" }],
    ["sobre.md", { kind: "undated", slug: "sobre" }],
  ])("%s", (name, expected) => {
    expect(parsePostFilename(name)).toEqual(expected);
  });
});

describe("expandPermalink", () => {
  const meta = { day: { year: 2022, month: 7, day: 9 }, date: new Date(), slug: "x", categories: ["Dev Ops", "Go"] };
  test.each([
    ["/:year/:month/:day/:title/", "/2022/07/09/x/"],
    ["/:year/:i_month/:i_day/:slug.html", "/2022/7/9/x.html"],
    ["/:short_year/:y_day/:title:output_ext", "/22/190/x.html"],
    ["/:categories/:title/", "/dev ops/go/x/"], // as Jekyll: the space kept, %20 in the URL
    ["/blog/:year-:month-:day-:slug/", "/blog/2022-07-09-x/"],
  ])("%s → %s", (pattern, url) => {
    expect(expandPermalink(pattern, meta)).toBe(url);
  });
  test("a category holding anything but words and spaces is transliterated; repeated ones count once", () => {
    expect(expandPermalink("/:categories/:title/", { ...meta, categories: ["C#", "Perguntas?", "Dev  Ops ", "go", "Go"] }))
      .toBe("/c/perguntas/dev-ops/go/x/");
  });
  test("an empty :categories collapses its slashes", () => {
    expect(expandPermalink("/:categories/:title/", { ...meta, categories: [] })).toBe("/x/");
  });
  test("an unknown placeholder is named", () => {
    expect(expandPermalink("/:yaer/:title/", meta)).toEqual({ unknown: ":yaer" });
  });
});

describe("isSafePermalink", () => {
  test.each([
    ["/sobre/", true], ["/2024/01/31/aws-network/", true], ["/blog/x.html", true], ["/", true], ["/ação/", true],
    ["/dev ops/x/", true], // a Jekyll category folder
    ["/sobre", true], ["/2024/01/31/x", true], // Jekyll's slash-less form, written as sobre.html
    ["/../../x/", false], ["/a/./b/", false], ["sobre/", false], ["/ a/", false], ["/a /", false], ["/a  b/", false],
    ["/a?b/", false], ["/a#b/", false], ["/%2e%2e/", false], ["/a\\b/", false],
  ])("%s → %s", (url, safe) => {
    expect(isSafePermalink(url)).toBe(safe);
  });
});

describe("normalizePost", () => {
  const config = { ...defaultSiteConfig };
  const dates = createDateFormat(config.timezone, config.lang);
  const read = (file: string, source: string) => {
    const reporter = createReporter();
    const fm = parseFrontMatter(source, file, reporter)!;
    return { meta: normalizePost(file, fm, source, config, dates, reporter), diagnostics: reporter.diagnostics };
  };

  test("tags as a space-separated string, as Jekyll reads them", () => {
    const { meta } = read("posts/2024-1-31-a.md", "---\ntitle: A\ntags: aws infra  network\n---\nx\n");
    expect(meta?.tags).toEqual(["aws", "infra", "network"]);
    expect(meta?.tagPositions).toEqual([{ line: 3, column: 7 }, { line: 3, column: 11 }, { line: 3, column: 18 }]);
  });

  test("tags as a YAML list", () => {
    expect(read("posts/2024-1-31-a.md", "---\ntitle: A\ntags:\n  - machine learning\n  - go\n---\nx\n").meta?.tags)
      .toEqual(["machine learning", "go"]);
  });

  test("a comma-separated string is split, with a warning", () => {
    const { meta, diagnostics } = read("posts/2024-1-31-a.md", "---\ntitle: A\ntags: aws, infra\n---\nx\n");
    expect(meta?.tags).toEqual(["aws", "infra"]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, severity: "warning", code: "tags-commas" })]);
  });

  test.each([
    ["---\ntitle: A\ntags: [{a: 1}, b]\n---\nx\n", "tags-type", 3],
    ["---\ntitle: A\ndate: ontem\n---\nx\n", "date", 3],
    ["---\ntitle: A\npermalink: /../x/\n---\nx\n", "permalink", 3],
  ])("%j is refused with %s", (source, code, line) => {
    const { meta, diagnostics } = read("posts/2024-1-31-a.md", source);
    expect(meta).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ file: "posts/2024-1-31-a.md", line, severity: "error", code })]);
  });

  test.each([
    ["---\ntitle: ''\n---\nx\n", "title-empty", "A"],
    ["---\ntitle: [a, b]\n---\nx\n", "title-type", "A"],
  ])("%j is titled after its file name, with %s", (source, code, title) => {
    const { meta, diagnostics } = read("posts/2024-1-31-a.md", source);
    expect(meta?.title).toBe(title);
    expect(diagnostics).toEqual([expect.objectContaining({ file: "posts/2024-1-31-a.md", line: 2, column: 8, severity: "warning", code })]);
  });

  test("a number as title or description is its text, as Jekyll shows it", () => {
    const { meta, diagnostics } = read("posts/2024-1-31-a.md", "---\ntitle: 2024\ndescription: 42\n---\nx\n");
    expect([meta?.title, meta?.description]).toEqual(["2024", "42"]);
    expect(diagnostics).toEqual([]);
  });

  test("a theme's layout, numbers among tags and an image mapping are read as Jekyll and its themes read them", () => {
    const { meta, diagnostics } = read("posts/2024-1-31-a.md", "---\ntitle: A\nlayout: page\ntags: [1, b, true]\nimage: {path: /images/a.png}\n---\nx\n");
    expect(meta).toMatchObject({ layout: "page", tags: ["1", "b", "true"], image: "/images/a.png" });
    expect(diagnostics).toEqual([]);
  });

  test.each([
    ["posts/2024-1-31-aws-network.md", "Aws Network"],
    ["posts/2024-1-31-aplicações-ESCALÁVEIS.md", "Aplicações Escaláveis"],
    ["posts/2024-1-31-k8s.md", "K8s"],
  ])("without a title, %s is titled %j after its file name, as Jekyll titles it, with a warning", (file, title) => {
    const { meta, diagnostics } = read(file, "---\ntags: a\n---\nx\n");
    expect(meta?.title).toBe(title);
    expect(diagnostics).toEqual([expect.objectContaining({ file, line: 1, column: 1, severity: "warning", code: "title-missing" })]);
    expect(diagnostics[0]?.message).toContain(`"${title}"`);
  });

  test("a front-matter date wins over the file name, read in the site's time zone", () => {
    const { meta } = read("posts/2020-1-1-a.md", "---\ntitle: A\ndate: 2024-01-31 23:30\n---\nx\n");
    expect(meta?.date.toISOString()).toBe("2024-02-01T02:30:00.000Z");
    expect(meta?.permalink).toBe("/2024/01/31/a/");
  });
});

describe("site settings from the command line", () => {
  test("--url and --pathprefix override _config.yml, and a bad value is reported once", async () => {
    const { loadSiteConfig } = await import("../src/site.ts");
    const { writeFileSync } = await import("node:fs");
    const { temporarySite } = await import("./helpers/site.ts");
    const root = temporarySite("blog-config-");
    writeFileSync(`${root}/_config.yml`, "url: ftp://x\nbaseurl: /antigo\n");
    const reporter = createReporter();
    const config = loadSiteConfig(root, reporter, { baseurl: "/blog/" });
    expect(config.baseurl).toBe("/blog");
    expect(config.url).toBe("");
    expect(reporter.diagnostics).toEqual([expect.objectContaining({ file: "_config.yml", line: 1, column: 6, code: "config-value" })]);
  });
});
