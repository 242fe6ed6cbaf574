import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { createReporter } from "../src/diagnostics.ts";
import { titleFromHeading } from "../src/jekyll.ts";
import { createMarkdown, type RenderEnv } from "../src/markdown/index.ts";
import { createLinkIndex } from "../src/linkindex.ts";
import { newPost } from "../src/new.ts";
import { buildFixture, buildSite, CLI, copySite, text } from "./helpers/site.ts";

const run = promisify(execFile);

function lint(source: string) {
  const reporter = createReporter();
  const env: RenderEnv = { file: "posts/x.md", bodyLine: 0, source, links: createLinkIndex(""), imageRefs: [], reporter };
  createMarkdown().render(source, env);
  return reporter.diagnostics;
}

describe("moving from Jekyll", () => {
  test("a Jekyll blog with its quirks builds with no error and keeps its URLs", async () => {
    const site = await buildFixture("jekyll-blog");
    expect(site.code).toBe(0);
    expect(site.diagnostics).toEqual([]);
    // categories: [Dev Ops] → /dev%20ops/, the space kept as Jekyll keeps it (jekyll/jekyll#5813).
    expect(text(site.page("/dev ops/bom-crlf/").querySelector("h1"))).toBe("Com BOM e CRLF");
    expect([...site.page("/").querySelectorAll(".post-list h2 a")].map((a) => a.getAttribute("href"))).toContain("/dev%20ops/bom-crlf/");
    const noFrontMatter = site.page("/sem-front-matter/");
    expect(text(noFrontMatter.querySelector("h1"))).toBe("Um post sem front matter");
    expect(noFrontMatter.querySelectorAll("article h1")).toHaveLength(1);
    expect(noFrontMatter.querySelector("article img")?.getAttribute("src")).toBe("/images/fig.png");
    expect(site.page("/dev ops/bom-crlf/").querySelector("article p a")?.getAttribute("href")).toBe("/sem-front-matter/");
    const raw = site.page("/kubernetes/raw/");
    expect(raw.querySelector("pre code")?.textContent).toBe("\nimage: {{ .Values.image }}\n\n");
    expect(raw.querySelector("article p code")?.textContent).toBe("{{ .Release.Name }}");
    expect(site.exists("/ainda-nao/")).toBe(false);
    expect([...site.page("/").querySelectorAll(".post-list h2 a")].map((a) => text(a))).not.toContain("Ainda não");
  });

  test.each([
    ["# Título\n\nTexto", { title: "Título", body: "\n\nTexto" }],
    ["\n## **Negrito** e `código` ##\nTexto", { title: "Negrito e código", body: "\n\nTexto" }],
    ["Texto antes\n# Depois", undefined],
    ["#sem-espaço", undefined],
  ])("titleFromHeading(%j)", (body, expected) => {
    expect(titleFromHeading(body)).toEqual(expected);
  });

  test("Liquid in the text is named with its Markdown equivalent; Liquid in code is content", () => {
    const diagnostics = lint("Veja {% include nota.html %} e {{ site.title }}.\n\n```\n{{ .Values.x }}\n```\n\n`{% if %}`\n");
    expect(diagnostics.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 1, column: 6, code: "liquid" }, { line: 1, column: 32, code: "liquid" },
    ]);
    expect(diagnostics[0]!.message).toContain("paste the HTML into the post");
  });
});

describe("check", () => {
  test("headings that skip a level are a warning; the first heading may be at any level", () => {
    expect(lint("#### Começo\n\n#### Mesmo nível\n\n## Sobe\n\n#### Pula\n").map(({ line, code }) => ({ line, code })))
      .toEqual([{ line: 7, code: "heading-skip" }]);
  });

  test("npm run check validates without writing _site/, in GNU form or JSON, and fails on errors", async () => {
    const root = copySite(".");
    writeFileSync(path.join(root, "posts/2024-3-1-x.md"), "---\ntittle: Oi\n---\n[a](nada.md)\n");
    const json = await run(process.execPath, [CLI, "check", root, "--format", "json"]).catch((err: { code: number; stdout: string }) => err);
    expect("code" in json && json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { errors: number; diagnostics: { file: string; line: number; column: number; code: string; message: string }[] };
    expect(report.diagnostics.filter((d) => d.file === "posts/2024-3-1-x.md").map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 1, column: 1, code: "title-missing" }, { line: 2, column: 1, code: "unknown-key" }, { line: 4, column: 1, code: "link-missing" },
    ]);
    expect(report.diagnostics.find((d) => d.code === "unknown-key")?.message).toContain('did you mean "title"?');
    expect(report.errors).toBe(1);
    const build = await buildSite(root);
    expect(build.diagnostics.filter((d) => d.file === "posts/2024-3-1-x.md").map((d) => d.code)).toEqual(["title-missing", "unknown-key", "link-missing"]);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(root).filter((n) => n.startsWith("_site"))).toEqual([]);
  });
});

describe("the command line", () => {
  test("--help prints the usage; an unknown option, a missing value, a bad port or a word too many is one line (and the usage), exit 2", async () => {
    const help = await run(process.execPath, [CLI, "--help"]);
    expect(help.stdout).toMatch(/^usage: node bin\/blog.mjs build/);
    const cases = [
      { args: ["build", "--bogus"], message: "error: Unknown option '--bogus'", usage: true },
      { args: ["build", "--url"], message: "error: Option '--url <value>' argument missing", usage: true },
      // The blog to import into is --root: a second folder once meant importing into the current one.
      { args: ["import", "/tmp/jekyll", "/tmp/blog"], message: 'error: unexpected argument "/tmp/blog"; the blog to import into is given with --root <folder>', usage: true },
      { args: ["serve", "--port", "abc"], message: "error: --port abc is not a port; give a number from 1 to 65535, such as --port 8081", usage: false },
    ];
    for (const { args, message, usage } of cases) {
      const failed = await run(process.execPath, [CLI, ...args]).catch((err: { code: number; stderr: string }) => err);
      expect("code" in failed && failed.code).toBe(2);
      expect(failed.stderr.split("\n")[0]).toBe(message);
      expect(failed.stderr.includes("usage:")).toBe(usage);
      expect(failed.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("new post", () => {
  test("writes today's file with a transliterated slug, prints its URL, and never overwrites", () => {
    const root = copySite(".");
    const now = new Date("2026-11-27T01:30:00Z"); // still the 26th in São Paulo
    const created = newPost(root, "Aplicações Escaláveis: um guia", "infra  scalability", now);
    expect(created).toEqual({ file: "posts/2026-11-26-aplicacoes-escalaveis-um-guia.md", url: "/2026/11/26/aplicacoes-escalaveis-um-guia/" });
    expect(readFileSync(path.join(root, created.file), "utf8")).toMatch(/^---\nlayout: post\ntitle: 'Aplicações Escaláveis: um guia'\ntags: infra scalability\n---\n/);
    expect(() => newPost(root, "Aplicações Escaláveis: um guia", "", now)).toThrow(/already exists/);
    expect(() => newPost(root, "?!", "", now)).toThrow(/no letters or digits/);
  });

  test("the new post builds as written", async () => {
    const root = copySite(".");
    const { file, url } = newPost(root, "Ação & Reação", "física");
    const site = await buildSite(root);
    expect(site.code).toBe(0);
    expect(text(site.page(url).querySelector("h1"))).toBe("Ação & Reação");
    expect(file).toMatch(/-acao-e-reacao\.md$/);
  });
});
