import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { formatImportReport, importJekyll, type ImportReport } from "../src/import.ts";
import { SAMPLE_FILES, sha256 } from "../src/sample.ts";
import { type BuildResult, buildSite, copySite, PROJECT, temporarySite, text } from "./helpers/site.ts";

// A Jekyll blog as themes write them (our own text): what Jekyll 4 publishes, we publish, at its URL,
// with one located warning for each thing that is probably a mistake.
const JEKYLL = path.join(PROJECT, "test/fixtures/jekyll-theme-blog");

let root: string;
let report: ImportReport;
let site: BuildResult;
beforeAll(async () => {
  root = temporarySite("blog-theme-");
  report = importJekyll(JEKYLL, root);
  site = await buildSite(root);
});

// Debian's jekyll 4 wrote these files for this fixture (permalink /:year/:month/:day/:title).
const URLS: [string, string, string][] = [
  ["/2023/05/10/primeiro", "2023/05/10/primeiro.html", "Primeiro artigo"],
  ["/2023/05/11/segundo", "2023/05/11/segundo.html", "Segundo artigo, revisto"],
  ["/sobre-o-blog", "sobre-o-blog.html", "Página única"],
  ["/2023/05/13/rascunho-em-texto", "2023/05/13/rascunho-em-texto.html", "Publicado apesar do texto"],
  ["/2023/05/14/mac-antigo", "2023/05/14/mac-antigo.html", "Mac antigo"],
  ["/sem-barra-inicial", "sem-barra-inicial.html", "Sem barra inicial"], // permalink: without its leading /
];

describe("a Jekyll blog with theme layouts, image mappings, slash-less permalinks and slips", () => {
  test("imports and builds with exit 0, one located warning for each slip", () => {
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(formatImportReport(report).at(-1)).toBe("Ready: npm run build.");
    expect(readFileSync(path.join(root, "_config.yml"), "utf8")).toMatch(/^broken_links: warning$/m);
    expect(site.code).toBe(0);
    expect(site.diagnostics.map(({ file, line, column, severity, code }) => `${file}:${line}:${column} ${severity} ${code}`)).toEqual([
      "posts/2023-5-10-primeiro.md:2:9 warning layout",
      "posts/2023-5-10-primeiro.md:6:1 warning tags-empty",
      "posts/2023-5-10-primeiro.md:6:27 warning tag-spelling",
      "posts/2023-5-11-segundo.md:4:1 warning duplicate-key",
      "posts/2023-5-11-segundo.md:8:7 warning tag-spelling",
      "posts/2023-5-11-segundo.md:12:1 warning image-missing",
      "posts/2023-5-12-pagina-unica.md:2:9 warning layout",
      "posts/2023-5-12-pagina-unica.md:5:1 warning tags-empty",
      "posts/2023-5-13-rascunho-em-texto.md:3:8 warning flag",
      "posts/2023-5-14-mac-antigo.md:1:4 warning line-endings",
      "posts/_drafts/primeiro.md:1:1 warning url-collision",
    ].map((line) => line.replace(/2023-5-1/g, "2023-05-1")));
  });

  test.each(URLS)("%s is written to %s, as Jekyll writes it", (url, file, title) => {
    expect(site.exists(`/${file}`)).toBe(true);
    expect(text(site.page(`/${file}`).querySelector("h1"))).toBe(title);
    // Every page links to it by the URL a host serves it at.
    const sitemap = readFileSync(path.join(site.output, "sitemap.xml"), "utf8");
    expect(sitemap).toContain(`https://caderno.exemplo.com.br${encodeURI(url)}<`);
  });

  test("image: mappings are read as jekyll-seo-tag and the themes read them", () => {
    const og = (url: string) => site.page(url).querySelector('meta[property="og:image"]')?.getAttribute("content");
    expect(og("/2023/05/10/primeiro.html")).toBe("https://caderno.exemplo.com.br/assets/capa.png");
    expect(og("/2023/05/11/segundo.html")).toBe("https://caderno.exemplo.com.br/assets/capa.png");
  });

  test("tags: null dropped, numbers kept, pro-tip / pro_tip / pro tip one tag", () => {
    const tags = [...site.page("/tags/").querySelectorAll("main li a")].map((a) => text(a));
    // Three spellings, one post each: the newest post's is shown; the page is at the one URL they share.
    expect(tags.map((t) => t.replace(/\s*\d+\s*posts?$/, ""))).toEqual(["2023", "pro tip", "redes"]);
    expect([...site.page("/tags/pro-tip/").querySelectorAll("main h2 a")]).toHaveLength(3);
  });

  test("a %-escaped redirect_from is served at its decoded path; the draft never takes the post's place", () => {
    expect(site.exists("/o-blog/em-brasília.html")).toBe(true);
    expect(text(site.page("/2023/05/10/primeiro.html").querySelector("h1"))).toBe("Primeiro artigo");
  });
});

test("a Jekyll site whose _config.yml has no permalink gets Jekyll's default (the date style), not ours", async () => {
  const from = temporarySite("blog-jekyll-");
  mkdirSync(path.join(from, "_posts"));
  writeFileSync(path.join(from, "_posts/2019-02-21-internet-das-coisas.md"), "---\ntitle: IoT\n---\nTexto.\n");
  const to = temporarySite("blog-to-");
  importJekyll(from, to);
  expect(readFileSync(path.join(to, "_config.yml"), "utf8")).toMatch(/^permalink: date$/m);
  const built = await buildSite(to);
  expect(built.exists("/2019/02/21/internet-das-coisas.html")).toBe(true);
});

describe("the newcomer's path: npm run import in a fresh clone", () => {
  test("the shipped sample's manifest matches the shipped files", () => {
    for (const [file, hash] of Object.entries(SAMPLE_FILES)) expect([file, sha256(path.join(PROJECT, file))]).toEqual([file, hash]);
  });

  test("the untouched sample gives way: the Jekyll blog alone, at Jekyll's URLs, with its settings", async () => {
    const fresh = copySite(".");
    const result = importJekyll(JEKYLL, fresh);
    expect(result.replacedSample.sort()).toEqual(Object.keys(SAMPLE_FILES).sort());
    expect(formatImportReport(result)[0]).toMatch(/^The untouched sample \(.*\) was removed/);
    expect(readdirSync(path.join(fresh, "posts")).filter((f) => f.endsWith(".md")).sort()).toEqual(readdirSync(path.join(JEKYLL, "_posts")).sort());
    expect(readFileSync(path.join(fresh, "_config.yml"), "utf8")).toMatch(/^permalink: \/:year\/:month\/:day\/:title$/m);
    const built = await buildSite(fresh);
    expect(built.code).toBe(0);
    for (const [, file, title] of URLS) expect(text(built.page(`/${file}`).querySelector("h1"))).toBe(title);
    expect(built.exists("/2024/01/31/aws-network/")).toBe(false);
  });

  test("a blog of the author's own is merged into, never overwritten: the settings to paste are listed", () => {
    const own = copySite(".");
    const post = path.join(own, "posts/2024-1-31-aws-network.md");
    writeFileSync(post, `${readFileSync(post, "utf8")}\nUma linha minha.\n`);
    const result = importJekyll(JEKYLL, own);
    expect(result.replacedSample).toEqual([]);
    expect(readFileSync(post, "utf8")).toContain("Uma linha minha.");
    expect(result.settingsNotWritten.permalink).toBe("/:year/:month/:day/:title");
    expect(formatImportReport(result)).toContain("  permalink: /:year/:month/:day/:title");
  });
});
