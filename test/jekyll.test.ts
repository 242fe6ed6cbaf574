import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { type BuildResult, buildSite, CLI, parseDiagnostics, PROJECT, temporarySite, text } from "./helpers/site.ts";

const run = promisify(execFile);
const JEKYLL = path.join(PROJECT, "test/fixtures/jekyll-site");

async function importInto(root: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, "import", JEKYLL, "--root", root]);
    return { code: 0, stdout };
  } catch (err) {
    const failure = err as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

let root: string;
let imported: { code: number; stdout: string };
let site: BuildResult;
beforeAll(async () => {
  root = temporarySite("blog-import-");
  imported = await importInto(root);
  site = await buildSite(root);
}, 60_000);

// Where Jekyll puts each post under this site's _config.yml (permalink /:categories/:year/:month/:day/:title/).
const URLS: [string, string][] = [
  ["/dev/2016/01/03/primeiro-post/", "Primeiro post"], // categories: [dev], in _posts/2016/
  ["/dev/2016/01/10/segundo-post/", "Segundo post: Liquid e kramdown"], // category: dev, .markdown
  ["/arquivo/2008/01/29/reimportado/", "Post reimportado"], // file of 2023, date: 2008-01-29 11:03:32, 2 folders deep
  ["/sobre-o-blog/", "Sobre o blog"], // permalink: in front matter
  ["/2020/03/15/ação-e-reação/", "Ação e reação"], // accents kept; 23:30 -0300 is still the 15th in Recife
  ["/2021/06/01/english-post/", "A post in English"],
  ["/2021/07/01/escondido/", "Post escondido"], // hidden: true
  ["/2022/01/15/ponto-de-interrogação/", "Ponto de interrogação?"], // file name with spaces and "?"
  ["/desenvolvimento web/2017/04/20/duas-palavras/", "Categoria de duas palavras"], // category: Desenvolvimento Web, one category
  ["/2018/02/10/anotações-rápidas/", "Anotações Rápidas"], // no front matter: titled after its file name
  ["/2018/03/01/so-um-link/", "Só um link"], // front matter only, no text
];

describe("npm run import of a Jekyll site", () => {
  test("reports what it converted and left, with exactly the expected warnings, and writes the settings", () => {
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Imported 11 posts");
    expect(imported.stdout).toContain("Static folders: _media, assets, images, uploads.");
    // What Jekyll would publish from the root and the import leaves behind is named, not dropped unseen.
    expect(imported.stdout).toMatch(/^Pages imported into pages\/: sobre\.md\.$/m);
    expect(imported.stdout).toMatch(/^Pages this blog makes its own of: arquivo\.html → \/arquivo\/ \(the archive, by year and month\), index\.html → the home page\.$/m);
    expect(imported.stdout).not.toMatch(/^Pages not imported/m);
    expect(imported.stdout).toMatch(/^Files at the Jekyll site's root not imported .*: CNAME\.$/m);
    expect(imported.stdout).toMatch(/Jekyll converted: .*post_url 2/);
    expect(imported.stdout).toMatch(/Liquid left as written: include 1\./);
    expect(imported.stdout).toContain("Links and images unresolved: 0.");
    expect(parseDiagnostics(imported.stdout).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      "posts/2016/2016-01-10-segundo-post.markdown:13:3 heading-space",
      // Liquid runs (the posts use it), but this include was the theme's: the post shows it as written.
      "posts/2016/2016-01-10-segundo-post.markdown:33:1 liquid-include",
      "posts/2018-02-10-anotações-rápidas.md:1:1 title-missing",
      "posts/2018-03-01-so-um-link.md:6:1 empty-post",
      "posts/notas-sem-data.md:1:1 filename-date",
    ]);
    const config = readFileSync(path.join(root, "_config.yml"), "utf8");
    expect(imported.stdout).toMatch(/^Liquid: the posts use it, so it runs \(liquid: true\)/m);
    for (const line of ["liquid: true", "title: Diário de Bordo", "permalink: /:categories/:year/:month/:day/:title/", "timezone: America/Recife", "excerpt_separator: <!--resumo-->"]) {
      expect(config).toContain(line);
    }
  });

  test("copies posts (recursively), drafts and published folders, and nothing Jekyll does not publish", () => {
    for (const file of ["posts/2016/2016-01-10-segundo-post.markdown", "posts/arquivo/antigo/2023-05-01-reimportado.md",
      "posts/_drafts/ideia-nova.md", "uploads/à-toa.png", "_media/manual.txt", "assets/estilo.css"]) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
    }
    for (const file of ["rascunhos-antigos", "_layouts", "Gemfile", "_posts", "sobre.md", "index.html", "CNAME"]) expect(existsSync(path.join(root, file)), file).toBe(false);
  });

  test("builds every post at the URL Jekyll would give it, and the Markdown page at its permalink; drafts and undated files are not published", () => {
    expect(site.code).toBe(0);
    expect(site.page("/sobre-mim/").querySelector("article h1")?.textContent).toBe("Sobre");
    expect(site.page("/sobre-mim/").querySelector("article p")?.textContent).toBe("Este blog é um diário de bordo.");
    for (const [url, title] of URLS) expect(text(site.page(url).querySelector("h1")), url).toBe(title);
    // The draft would be at its file's date (/AAAA/MM/DD/ideia-nova/): no path of the site has it.
    const paths = readdirSync(site.output, { recursive: true }).map(String);
    expect(paths.filter((p) => p.includes("ideia-nova") || p.includes("notas-sem-data"))).toEqual([]);
    expect(readFileSync(path.join(site.output, "sitemap.xml"), "utf8")).not.toContain("notas-sem-data");
  });

  test("post_url and link become the target's URL, fragment kept; code and raw stay literal", () => {
    const doc = site.page("/dev/2016/01/10/segundo-post/");
    expect([...doc.querySelectorAll("article p a")].map((a) => a.getAttribute("href"))).toEqual([
      "/dev/2016/01/03/primeiro-post/", "/dev/2016/01/03/primeiro-post/#secao-2", "/dev/2016/01/03/primeiro-post/",
    ]);
    expect(doc.querySelector("pre.linenos code")?.textContent).toBe('echo "{{ site.url }}"\ngem install jekyll\n');
    expect(text(doc.querySelector("pre.linenos .gutter"))).toBe("1 2");
    expect(doc.querySelector("pre.linenos .hljs-built_in")).not.toBeNull();
    const paragraphs = [...doc.querySelectorAll("article > p")].map((p) => text(p));
    expect(paragraphs).toContain("Em Liquid se escreve {{ page.title }}.");
    expect(paragraphs).toContain('{% include aviso.html texto="cuidado" %}');
    expect(doc.querySelector("article p code")?.textContent).toBe("{{ site.url }}");
  });

  test("site.url, site.baseurl and page.image in image URLs resolve to the copied files", () => {
    const doc = site.page("/dev/2016/01/10/segundo-post/");
    expect([...doc.querySelectorAll("article img")].map((img) => img.getAttribute("src"))).toEqual(["/uploads/capa.png", "/uploads/foto.png"]);
    expect(site.page("/dev/2016/01/03/primeiro-post/").querySelector('article a[href$="manual.txt"]')?.getAttribute("href")).toBe("/_media/manual.txt");
    // Written with "à" as a + U+0300 (NFD); the file's name is NFC.
    expect(site.page("/2020/03/15/ação-e-reação/").querySelector("article img")?.getAttribute("src")).toBe("/uploads/%C3%A0-toa.png");
  });

  test("kramdown: {#id} sets the id, {: .classe} the class, {:toc} places the contents, ##Título is a heading", () => {
    const doc = site.page("/dev/2016/01/10/segundo-post/");
    expect([...doc.querySelectorAll("article h2[id]")].map((h) => h.id)).toEqual(["neste-artigo", "instalação", "config"]);
    expect(doc.querySelector("article nav.toc + p a")?.getAttribute("href")).toBe("/dev/2016/01/03/primeiro-post/");
    expect(text(doc.querySelector("p.nota"))).toBe("Parágrafo com classe.");
    expect(doc.querySelector("#secao-2")).toBeNull();
    expect(site.page("/dev/2016/01/03/primeiro-post/").querySelector("#secao-2")).not.toBeNull();
    expect(doc.body.innerHTML).not.toMatch(/\{:|\{#/);
  });

  test("front-matter dates win for display and order, in the site's time zone; the excerpt ends at the separator", () => {
    expect(text(site.page("/arquivo/2008/01/29/reimportado/").querySelector("article time"))).toBe("29 de janeiro de 2008");
    expect(text(site.page("/sobre-o-blog/").querySelector("article time"))).toBe("29 de setembro de 2019");
    const home = [...site.page("/").querySelectorAll(".post-list h2 a")].map((a) => a.getAttribute("href"));
    expect(home).toEqual(["/2022/01/15/ponto-de-interrogação/", "/2021/06/01/english-post/", "/2020/03/15/ação-e-reação/",
      "/sobre-o-blog/", "/2018/03/01/so-um-link/", "/2018/02/10/anotações-rápidas/", "/desenvolvimento web/2017/04/20/duas-palavras/", "/dev/2016/01/10/segundo-post/", "/dev/2016/01/03/primeiro-post/", "/arquivo/2008/01/29/reimportado/"]
      .map((url) => encodeURI(url)));
    const first = [...site.page("/").querySelectorAll(".post-list li")].find((li) => text(li.querySelector("h2")) === "Primeiro post");
    expect(text(first!.querySelector("p:not(.meta)"))).toBe("Olá! Este é o primeiro post do blog.");
  });

  test("redirect_from writes small redirect pages at the old URLs, listed nowhere", () => {
    for (const old of ["/sobre/", "/about.html"]) {
      const doc = site.page(old);
      expect(doc.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content")).toBe("0; url=/sobre-o-blog/");
      expect(doc.querySelector('link[rel="canonical"]')?.getAttribute("href")).toBe("https://bordo.exemplo.com.br/sobre-o-blog/");
    }
    expect(readFileSync(path.join(site.output, "sitemap.xml"), "utf8")).not.toMatch(/\/sobre\/<|about\.html/);
  });

  test("hidden: true builds the post but lists it nowhere; lang: sets the page's language", () => {
    expect(site.exists("/2021/07/01/escondido/")).toBe(true);
    for (const file of ["index.html", "sitemap.xml", "feed.xml", "tags/index.html"]) {
      expect(readFileSync(path.join(site.output, file), "utf8"), file).not.toContain("escondido");
    }
    expect(site.page("/2021/07/01/escondido/").querySelector("[data-pagefind-body]")).toBeNull();
    expect(site.page("/2021/06/01/english-post/").documentElement.getAttribute("lang")).toBe("en");
  });

  test("a second import overwrites nothing, and says so", async () => {
    const post = path.join(root, "posts/2021-06-01-english-post.md");
    writeFileSync(post, readFileSync(post, "utf8").replace("written in English", "edited here"));
    const again = await importInto(root);
    expect(again.stdout).toMatch(/copied 0 files, kept \d+ that were already here/);
    expect(again.stdout).toContain("_config.yml already exists and was not changed");
    expect(readFileSync(post, "utf8")).toContain("edited here");
  });

  test("a link that differs from its file only in letter case is an error naming the file that exists", async () => {
    const other = temporarySite("blog-import-");
    await importInto(other);
    writeFileSync(path.join(other, "posts/2024-1-1-caixa.md"), "---\ntitle: Caixa\n---\n![foto](/uploads/Foto.png)\n");
    const result = await buildSite(other);
    expect(result.code).not.toBe(0);
    const error = result.diagnostics.find((d) => d.severity === "error");
    expect(error).toMatchObject({ file: "posts/2024-1-1-caixa.md", line: 4, column: 1, code: "image-missing" });
    expect(error!.message).toContain("did you mean uploads/foto.png?");
  }, 30_000);
});

describe("jekyll-redirect-from's redirect_to", () => {
  test("the post's page leads where it moved (an http(s) URL or a site path); anything else is an error at the key", async () => {
    const root = temporarySite("blog-redirect-to-");
    const post = (name: string, front: string) => {
      mkdirSync(path.join(root, "posts"), { recursive: true });
      writeFileSync(path.join(root, "posts", name), `---\ntitle: Movido\n${front}\n---\nTexto.\n`);
    };
    post("2024-5-1-fora.md", "redirect_to:\n  - https://exemplo.com/novo/");
    post("2024-5-2-dentro.md", "redirect_to: /2024/05/01/fora/");
    const site = await buildSite(root);
    expect(site.code).toBe(0);
    const away = site.page("/2024/05/01/fora/");
    expect(away.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content")).toBe("0; url=https://exemplo.com/novo/");
    expect(away.querySelector("link[rel=canonical]")?.getAttribute("href")).toBe("https://exemplo.com/novo/");
    expect(site.page("/2024/05/02/dentro/").querySelector("a")?.getAttribute("href")).toBe("/2024/05/01/fora/");

    post("2024-5-3-ruim.md", "redirect_to: javascript:alert(1)");
    const bad = await buildSite(root);
    expect(bad.code).toBe(1);
    expect(bad.diagnostics.map(({ file, line, column, code }) => `${file}:${line}:${column} ${code}`)).toEqual(["posts/2024-5-3-ruim.md:3:14 redirect-to"]);
  });
});
