import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { type BuildResult, buildSite, copySite, text } from "./helpers/site.ts";

/** The shipped blog with these files added under pages/. */
async function withPages(files: Record<string, string>): Promise<BuildResult> {
  const root = copySite(".");
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, "pages", file)), { recursive: true });
    writeFileSync(path.join(root, "pages", file), content);
  }
  return buildSite(root);
}

const located = (result: BuildResult) => result.diagnostics.map(({ file, line, column, severity, code }) => `${file}:${line}:${column} ${severity} ${code}`);

describe("pages/: the author's own pages", () => {
  test("pages/sobre.md is /sobre/, in the site shell, with no date or tags; linked, shown in the menu, the sitemap and search", async () => {
    const site = await withPages({
      "sobre.md": "---\ntitle: Sobre mim\nmenu: Sobre\ndescription: Quem escreve\n---\nSou engenheira. Leia [o artigo](../posts/2024-1-31-aws-network.md).\n\n![Os nós](../images/nodes.png)\n",
      "projetos/index.md": "# Projetos\n\nO que ando fazendo.\n",
    });
    expect(site.code).toBe(0);
    expect(located(site)).toEqual(["posts/2024-1-31-aws-network.md:42:1 warning reference-unused"]);
    const page = site.page("/sobre/");
    const article = page.querySelector("article[data-pagefind-body]")!;
    expect(text(article.querySelector("h1"))).toBe("Sobre mim");
    expect([article.querySelector("p.meta"), article.querySelector("footer"), page.querySelector("nav.pager")]).toEqual([null, null, null]);
    expect(article.querySelector("a")?.getAttribute("href")).toBe("/2024/01/31/aws-network/");
    expect(article.querySelector("picture img")?.getAttribute("src")).toBe("/images/nodes.png");
    expect(page.querySelector('meta[name="description"]')?.getAttribute("content")).toBe("Quem escreve");
    // The menu, on every page: the page that asked for it, between home and tags.
    for (const url of ["/", "/2024/01/31/aws-network/", "/sobre/"]) {
      expect([...site.page(url).querySelectorAll('nav[aria-label="Principal"] a')].map(text)).toEqual(["Início", "Sobre", "Arquivo", "Tags", "Busca"]);
    }
    // Its title from its first heading, its URL from its folder.
    expect(text(site.page("/projetos/").querySelector("article h1"))).toBe("Projetos");
    const sitemap = site.page("/sitemap.xml").documentElement.textContent ?? "";
    expect(sitemap).toContain("/sobre/");
    expect(sitemap).toContain("/projetos/");
  });

  test("a broken link in a page is an error at its line and column; a permalink: is the page's URL", async () => {
    const site = await withPages({ "contato.md": "---\ntitle: Contato\npermalink: /fale-comigo/\n---\nVeja [isto](nao-existe.md).\n" });
    expect(site.code).toBe(1);
    expect(located(site)).toContain("pages/contato.md:5:6 error link-missing");
    const fixed = await withPages({ "contato.md": "---\ntitle: Contato\npermalink: /fale-comigo/\n---\nEscreva.\n" });
    expect(text(fixed.page("/fale-comigo/").querySelector("article h1"))).toBe("Contato");
  });

  test("a page at another page's URL (a post, the tag index) is an error naming its file; an unsafe permalink too", async () => {
    const site = await withPages({ "a.md": "---\ntitle: A\npermalink: /tags/\n---\nx\n", "b.md": "---\ntitle: B\npermalink: /2024/01/31/aws-network/\n---\nx\n" });
    expect(site.code).toBe(1);
    expect(located(site)).toEqual(expect.arrayContaining(["pages/a.md:1:1 error page-collision", "pages/b.md:1:1 error page-collision"]));
    const unsafe = await withPages({ "c.md": "---\ntitle: C\npermalink: /../../fora/\n---\nx\n" });
    expect(located(unsafe)).toContain("pages/c.md:3:1 error permalink");
  });
});

test("a page written for another generator at the site's root is named, never ignored in silence; README.md (no front matter) is not", async () => {
  const root = copySite(".");
  writeFileSync(path.join(root, "sobre.md"), "---\ntitle: Sobre\n---\nOi.\n");
  writeFileSync(path.join(root, "contato.njk"), "---\ntitle: Contato\n---\n{{ title }}\n");
  writeFileSync(path.join(root, "README.md"), "# Meu blog\n");
  const site = await buildSite(root);
  expect(site.code).toBe(0);
  expect(site.diagnostics.filter((d) => d.code === "not-built").map((d) => `${d.file} ${d.message.split(";")[0]}`)).toEqual([
    "contato.njk this template is not built: the blog runs no template (it could run code)",
    "sobre.md this page is not built: pages live in pages/",
  ]);
});
