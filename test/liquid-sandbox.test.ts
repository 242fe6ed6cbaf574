import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { type BuildResult, buildSite, copySite, snapshot, text } from "./helpers/site.ts";

// Jekyll's Liquid, run by LiquidJS when the site sets `liquid: true` (test/fixtures/liquid-blog, our own text).
let site: BuildResult;
beforeAll(async () => {
  site = await buildSite(copySite("liquid-blog"));
});

const article = (url: string) => site.page(url).querySelector("article")!;
/** The article's paragraphs of text (not its date line), as a reader reads them. */
const paragraphs = (page: Document | Element) => [...page.querySelectorAll("article p:not(.meta)")].map(text);

describe("liquid: true runs a post's Liquid as Jekyll does, before Markdown", () => {
  test("builds without a diagnostic", () => {
    expect(site.diagnostics).toEqual([]);
    expect(site.code).toBe(0);
  });

  test("site.*, site.data (nested folders, YAML and JSON) and page.* are Jekyll's", () => {
    const page = article("/2024/03/01/roteamento/");
    expect(paragraphs(page)[0]).toBe("Olá, Beatriz Lima.");
    expect([...page.querySelectorAll("ul:not(.tags) li")].map(text)).toEqual(["Redes de computadores, 2019", "Nuvem na prática, 2023"]);
    expect([...page.querySelectorAll("p")].map(text)).toContain("Leituras (2):");
    expect([...page.querySelectorAll("p")].map(text)).toContain("Este post é sobre redes.");
    expect([...page.querySelectorAll("p")].map(text)).toContain("Todos: Sub-redes; Roteamento na prática.");
  });

  test("an image whose URL is made by filters is shown, sized, as Markdown wrote it", () => {
    const img = article("/2024/03/01/roteamento/").querySelector("picture img")!;
    expect(img.getAttribute("src")).toBe("/images/nodes.png");
    expect(img.getAttribute("width")).toBe("960");
  });

  test("include with parameters, a Markdown include, include_relative and post_url split over two lines", () => {
    const page = article("/2024/03/01/roteamento/");
    expect(text(page.querySelector("aside.ficha"))).toBe("Roteador de borda (2024)");
    expect([...page.querySelectorAll("p")].map(text)).toContain("Escrito por Beatriz.");
    expect(text(page.querySelector("p code"))).toBe("ip route show");
    expect([...page.querySelectorAll("a")].filter((a) => !a.closest("footer")).map((a) => a.getAttribute("href")))
      .toEqual(["/2024/03/02/sub-redes/", "/2024/03/02/sub-redes/"]);
  });

  test("highlight becomes highlighted, numbered code; raw stays as written", () => {
    const page = article("/2024/03/01/roteamento/");
    expect(text(page.querySelector("pre.linenos code"))).toBe('echo "Beatriz"');
    expect([...page.querySelectorAll("p")].map(text)).toContain("Modelos Helm usam {{ .Values.nome }}.");
  });

  test("Jekyll's filters: date in the site's zone, relative_url, slugify, markdownify", () => {
    const page = article("/2024/03/02/sub-redes/");
    expect(paragraphs(page)[0]).toBe("Data: 02/03/2024; em /tags/redes/; título-de-teste.");
    expect(text(page.querySelector("p strong"))).toBe("forte");
  });

  test("a collection of _config.yml is site.<name>: its documents' front matter, in path order", () => {
    expect(paragraphs(article("/2024/03/02/sub-redes/")).at(-1)).toBe("Ferramentas: dig (consultas DNS), traceroute (o caminho dos pacotes).");
  });
});

/** A copy of the fixture with one post added; its build's result. */
async function buildWith(name: string, body: string, files: Record<string, string> = {}): Promise<BuildResult> {
  const root = copySite("liquid-blog");
  writeFileSync(path.join(root, "posts", name), `---\ntitle: Teste\n---\n${body}\n`);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return buildSite(root);
}

const located = (result: BuildResult) => result.diagnostics.map(({ file, line, column, severity, code }) => `${file}:${line}:${column} ${severity} ${code}`);

describe("the sandbox: what one post's Liquid may cost and read", () => {
  test.each([
    ["a loop over a hundred million items", "Texto\n\n{% for i in (1..100000000) %}{{ i }}{% endfor %}", {}, "posts/2024-4-1-teste.md:6:1 error liquid-error"],
    ["nested loops of nine million steps", "{% for a in (1..3000) %}{% for b in (1..3000) %}{{ b }}{% endfor %}{% endfor %}", {}, "posts/2024-4-1-teste.md:4:25 error liquid-error"],
    ["an include that includes itself", "{% include eco.html %}", { "_includes/eco.html": "x{% include eco.html %}" }, "_includes/eco.html:1:2 error liquid-error"],
    ["include_relative above the post", "{% include_relative ../_config.yml %}", {}, "posts/2024-4-1-teste.md:4:1 error liquid-error"],
    ["a syntax error", "linha\n{% if %}sim{% endif %}", {}, "posts/2024-4-1-teste.md:5:6 error liquid-error"],
    // Once, by Liquid: the static pass that then reads the post does not report the block again.
    ["a highlight never closed", "{% highlight bash %}\nls", {}, "posts/2024-4-1-teste.md:4:1 error liquid-error"],
  ])("%s is a located error, and the previous _site/ stays", async (_, body, files, expected) => {
    const root = copySite("liquid-blog");
    expect((await buildSite(root)).code).toBe(0);
    const before = snapshot(path.join(root, "_site"));
    writeFileSync(path.join(root, "posts/2024-4-1-teste.md"), `---\ntitle: Teste\n---\n${body}\n`);
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(root, file), content);
    const result = await buildSite(root);
    expect(result.code).toBe(1);
    expect(located(result)).toEqual([expected]);
    expect(snapshot(path.join(root, "_site"))).toEqual(before);
  });

  test("include_relative beside the post and include with a site value build", async () => {
    const result = await buildWith("2024-4-1-teste.md", "{% include_relative trechos/comando.txt %}\n\n{% include ficha.html nome=site.title %}");
    expect(result.code).toBe(0);
    const page = result.page("/2024/04/01/teste/");
    expect(paragraphs(page)).toEqual(["ip route show"]);
    expect(text(page.querySelector("aside.ficha"))).toBe("Caderno de redes (sem data)");
  });

  test("an include above _includes/ is never read: a warning, and the post shows its text as written", async () => {
    const result = await buildWith("2024-4-1-teste.md", "{% include ../_config.yml %}");
    expect(located(result)).toEqual(["posts/2024-4-1-teste.md:4:1 warning liquid-include"]);
    expect(paragraphs(result.page("/2024/04/01/teste/"))).toEqual(["{% include ../_config.yml %}"]);
  });

  test("a plugin's tag is a warning, and the post is published with its text as written", async () => {
    const result = await buildWith("2024-4-1-teste.md", "Veja:\n\n{% gist 1234 %}");
    expect(located(result)).toEqual(["posts/2024-4-1-teste.md:6:1 warning liquid-tag"]);
    expect(paragraphs(result.page("/2024/04/01/teste/"))[1]).toBe("{% gist 1234 %}");
  });

  test("an unknown filter passes the value through, as in Jekyll, with a warning at the filter", async () => {
    const result = await buildWith("2024-4-1-teste.md", "{{ site.title | upcase | enfeitar }}");
    expect(located(result)).toEqual(["posts/2024-4-1-teste.md:4:26 warning liquid-filter"]);
    expect(paragraphs(result.page("/2024/04/01/teste/"))[0]).toBe("CADERNO DE REDES");
  });

  test("with liquid off (a new blog's default), Liquid is content and nothing runs", async () => {
    const root = copySite("liquid-blog");
    writeFileSync(path.join(root, "_config.yml"), readFileSync(path.join(root, "_config.yml"), "utf8").replace("liquid: true", "liquid: false"));
    const result = await buildSite(root);
    const page = result.page("/2024/03/02/sub-redes/");
    expect(paragraphs(page)[0]).toContain('{{ page.date | date: "%d/%m/%Y" }}');
    expect(result.diagnostics.some((d) => d.code === "liquid")).toBe(true);
  });
});
