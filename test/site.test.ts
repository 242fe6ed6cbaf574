import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { type BuildResult, buildFixture, buildSite, copySite, outputsOf, text, snapshot } from "./helpers/site.ts";

const hrefs = (doc: Document, selector: string) =>
  [...doc.querySelectorAll(selector)].map((a) => a.getAttribute("href"));

describe("the shipped site", () => {
  let site: BuildResult;
  beforeAll(async () => {
    site = await buildFixture(".");
  });

  test("builds with exactly one diagnostic: the unused [2] of the article", () => {
    expect(site.code).toBe(0);
    expect(site.diagnostics).toEqual([{
      file: "posts/2024-1-31-aws-network.md", line: 42, column: 1, severity: "warning", code: "reference-unused",
      message: expect.stringContaining("[2]"),
    }]);
  });

  test("no .br or .gz copies by default: GitHub Pages and the like compress on the fly", () => {
    expect(readdirSync(site.output, { recursive: true }).map(String).filter((f) => /\.(br|gz)$/.test(f))).toEqual([]);
  });

  test("precompress: true writes .br and .gz copies beside every text file, which decompress to its exact bytes", async () => {
    const root = copySite(".");
    appendFileSync(path.join(root, "_config.yml"), "precompress: true\n");
    const compressed = await buildSite(root);
    expect(compressed.code).toBe(0);
    const output = compressed.output;
    const files = readdirSync(output, { recursive: true }).map(String).filter((f) => /\.(html|css|js|xml|txt|svg|json)$/.test(f));
    expect(files.filter((f) => f.endsWith(".html")).length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = readFileSync(path.join(output, file));
      const copies = [[".br", brotliDecompressSync], [".gz", gunzipSync]] as const;
      for (const [suffix, decompress] of copies) {
        const copy = path.join(output, file + suffix);
        // A file too small to gain from compression has no copy; every other one has both.
        if (bytes.length > 200 || existsSync(copy)) expect(decompress(readFileSync(copy)).equals(bytes), file + suffix).toBe(true);
      }
    }
  });

  test("the article shows its diagram, its link to the companion post and its references", () => {
    const doc = site.page("/2024/01/31/aws-network/");
    expect(doc.documentElement.getAttribute("lang")).toBe("pt-BR");
    expect(text(doc.querySelector("h1"))).toBe("AWS - Network");
    const time = doc.querySelector("article time");
    expect(time?.getAttribute("datetime")).toBe("2024-01-31");
    expect(text(time)).toBe("31 de janeiro de 2024");

    const img = doc.querySelector("article img");
    expect(img?.getAttribute("src")).toBe("/images/nodes.png");
    expect(site.exists("/images/nodes.png")).toBe(true);
    expect(readFileSync(path.join(site.output, "images/nodes.png")))
      .toEqual(readFileSync(path.join(site.root, "images/nodes.png")));

    const companion = [...doc.querySelectorAll("article a")].find((a) => text(a) === "escalonamento das aplicações");
    expect(companion?.getAttribute("href")).toBe("/2022/07/19/aplicacoes-escalaveis/");
    expect(site.exists("/2022/07/19/aplicacoes-escalaveis/")).toBe(true);

    const official = [...doc.querySelectorAll("article a")].filter((a) => text(a) === "documentação oficial");
    expect(official.map((a) => a.getAttribute("href"))).toEqual([
      "https://kubernetes.io/docs/concepts/architecture/nodes/",
      "https://kubernetes.io/docs/concepts/containers/",
      "https://kubernetes.io/docs/concepts/containers/",
    ]);
  });

  test("the article links to its three tag pages, each listing it", () => {
    const doc = site.page("/2024/01/31/aws-network/");
    const tags = hrefs(doc, 'a[rel="tag"]');
    expect(tags).toEqual(["/tags/aws/", "/tags/infra/", "/tags/network/"]);
    for (const url of tags) {
      const tagPage = site.page(url!);
      expect(hrefs(tagPage, "main .post-list h2 a")).toContain("/2024/01/31/aws-network/");
    }
  });

  test("headings get GitHub-style ids; the post's #### headings sit under the title as <h2>", () => {
    const doc = site.page("/2024/01/31/aws-network/");
    expect([...doc.querySelectorAll("article > h2")].map((h) => h.id)).toEqual(["nodes", "pods", "containers"]);
  });

  test("the home page lists every post newest first with date and excerpt", () => {
    const doc = site.page("/");
    const items = [...doc.querySelectorAll(".post-list li")];
    expect(items.map((li) => li.querySelector("a")?.getAttribute("href"))).toEqual([
      "/2024/01/31/aws-network/", "/2022/07/19/aplicacoes-escalaveis/",
    ]);
    expect(text(items[0]!.querySelector("time"))).toBe("31 de janeiro de 2024");
    expect(text(items[0]!.querySelector("p:not(.meta)"))).toMatch(/^No contexto da rede na AWS, a comunicação eficiente/);
  });

  test("the tag index lists every tag with its count", () => {
    const doc = site.page("/tags/");
    const rows = [...doc.querySelectorAll(".tag-index li")].map((li) => text(li));
    expect(rows).toEqual(["aws (1 post)", "infra (2 posts)", "network (1 post)", "scalability (1 post)"]);
  });

  test("posts link to their neighbours", () => {
    const older = site.page("/2022/07/19/aplicacoes-escalaveis/");
    expect(hrefs(older, 'a[rel="next"]')).toEqual(["/2024/01/31/aws-network/"]);
    expect(hrefs(older, 'a[rel="prev"]')).toEqual([]);
  });
});

describe.each(["Pacific/Kiritimati", "America/Los_Angeles", "UTC"])("with TZ=%s", (tz) => {
  test("the article is still dated 31 de janeiro de 2024", async () => {
    const site = await buildFixture(".", { TZ: tz });
    expect(site.code).toBe(0);
    const time = site.page("/2024/01/31/aws-network/").querySelector("article time");
    expect(time?.getAttribute("datetime")).toBe("2024-01-31");
    expect(text(time)).toBe("31 de janeiro de 2024");
  });
});

describe("fixtures", () => {
  test("a broken link and a missing image fail the build, naming file, line and column", async () => {
    const site = await buildFixture("broken-link");
    expect(site.code).toBe(1);
    expect(site.diagnostics.map(({ file, line, column, severity, code }) => ({ file, line, column, severity, code }))).toEqual([
      { file: "posts/2024-1-1-links.md", line: 6, column: 6, severity: "error", code: "link-missing" },
      { file: "posts/2024-1-1-links.md", line: 6, column: 50, severity: "error", code: "link-missing" },
    ]);
    expect(site.diagnostics[0]!.message).toContain("no file posts/2024-1-2-nao-existe.md");
    expect(readdirSync(site.root)).not.toContain("_site");
  });

  test("an undefined label is an error and an unused definition a warning", async () => {
    const site = await buildFixture("undefined-label");
    expect(site.code).toBe(1);
    expect(site.diagnostics.map(({ line, column, severity, code }) => ({ line, column, severity, code }))).toEqual([
      { line: 5, column: 38, severity: "error", code: "reference-undefined" },
      { line: 8, column: 1, severity: "warning", code: "reference-unused" },
    ]);
    expect(site.diagnostics[0]!.message).toContain("[guia][9]");
  });

  test("unpadded file-name dates are read, and a front-matter date overrides them", async () => {
    const site = await buildFixture("unpadded-dates");
    expect(site.code).toBe(0);
    const doc = site.page("/");
    expect(hrefs(doc, ".post-list h2 a")).toEqual([
      "/2023/12/01/dezembro/", "/2022/07/09/julho/", "/2021/03/04/sobrescrito/",
    ]);
    expect(text(site.page("/2021/03/04/sobrescrito/").querySelector("time"))).toBe("4 de março de 2021");
  });

  test("impossible dates are errors naming the file", async () => {
    const site = await buildFixture("impossible-date");
    expect(site.code).toBe(1);
    expect(site.diagnostics.map(({ file, line, column, code }) => ({ file, line, column, code }))).toEqual([
      { file: "posts/2022-13-45-x.md", line: 1, column: 1, code: "filename-date" },
      { file: "posts/2022-2-1-fevereiro.md", line: 3, column: 7, code: "date" },
    ]);
  });

  test("tags with accents and case differences are one tag, shown as most often written", async () => {
    const site = await buildFixture("accented-tags");
    expect(site.code).toBe(0);
    expect(text(site.page("/tags/seguranca/").querySelector("h1"))).toBe("Posts com a tag “Segurança”");
    expect(hrefs(site.page("/tags/seguranca/"), ".post-list h2 a")).toEqual([
      "/2024/01/04/quatro/", "/2024/01/03/tres/", "/2024/01/02/dois/", "/2024/01/01/um/",
    ]);
    expect(site.exists("/tags/pseudocodigo/")).toBe(true);
    expect(site.diagnostics.map(({ file, line, column, code }) => ({ file, line, column, code }))).toEqual([
      { file: "posts/2024-1-3-tres.md", line: 4, column: 5, code: "tag-spelling" },
      { file: "posts/2024-1-4-quatro.md", line: 3, column: 7, code: "tag-spelling" },
    ]);
  });

  test("C# and C++ get different URLs; all, post and posts are ordinary tags", async () => {
    const site = await buildFixture("accented-tags");
    expect(hrefs(site.page("/2024/01/02/dois/"), 'a[rel="tag"]')).toEqual(["/tags/c-sharp/", "/tags/seguranca/"]);
    expect(hrefs(site.page("/2024/01/03/tres/"), 'a[rel="tag"]')).toEqual(["/tags/c-plus-plus/", "/tags/seguranca/"]);
    for (const tag of ["all", "post", "posts"]) {
      expect(hrefs(site.page(`/tags/${tag}/`), ".post-list h2 a")).toEqual(["/2024/01/04/quatro/"]);
    }
  });

  // Jekyll publishes both posts; the two spellings share one tag page, and the rarer one (on a tie, the older post's) is named.
  test("two spellings that would share a tag URL are one tag, with a warning", async () => {
    const site = await buildFixture("tag-collision");
    expect(site.code).toBe(0);
    expect(site.diagnostics.map(({ file, line, column, code }) => ({ file, line, column, code }))).toEqual([
      { file: "posts/2024-1-1-a.md", line: 3, column: 7, code: "tag-spelling" },
    ]);
    expect([...site.page("/tags/foo-bar/").querySelectorAll("main h2 a")].map((a) => a.getAttribute("href")).sort())
      .toEqual(["/2024/01/01/a/", "/2024/01/02/b/"]);
  });

  test("a post in a sub-folder links ../ and is linked to, as a Markdown preview resolves them", async () => {
    const site = await buildFixture("subfolder");
    expect(site.code).toBe(0);
    expect(hrefs(site.page("/2024/01/01/pai/"), "article a:not([rel])")).toEqual(["/2024/01/02/filho/#detalhes"]);
    const child = site.page("/2024/01/02/filho/");
    expect(hrefs(child, "article p a")).toEqual(["/2024/01/01/pai/", "/images/fig.svg"]);
    expect(child.querySelector("article img")?.getAttribute("src")).toBe("/images/fig.svg");
    expect(child.querySelector("article h2")?.id).toBe("detalhes");
  });

  test("a site-wide pattern, a per-post permalink and a base path apply to every URL", async () => {
    const site = await buildFixture("permalinks");
    expect(site.code).toBe(0);
    expect(site.exists("/blog/2024/padrao.html")).toBe(true);
    expect(site.exists("/sobre/")).toBe(true);
    const doc = site.page("/blog/2024/padrao.html");
    expect(hrefs(doc, "article p a")).toEqual(["/meu-blog/sobre/"]);
    expect(doc.querySelector("article img")?.getAttribute("src")).toBe("/meu-blog/images/foto.svg");
    expect(hrefs(doc, 'a[rel="tag"]')).toEqual(["/meu-blog/tags/geral/"]);
    expect(hrefs(site.page("/"), ".post-list h2 a")).toEqual(["/meu-blog/blog/2024/padrao.html", "/meu-blog/sobre/"]);
  });

  test("two posts claiming one URL is an error naming both files", async () => {
    const site = await buildFixture("url-collision");
    expect(site.code).toBe(1);
    expect(site.diagnostics).toEqual([expect.objectContaining({
      file: "posts/b/2024-1-1-mesmo.md", code: "url-collision", message: expect.stringContaining("posts/a/2024-1-1-mesmo.md"),
    })]);
  });
});

describe("the output folder", () => {
  test("a failed build leaves the previous _site/ as it was; a good one drops deleted posts", async () => {
    const root = copySite(".");
    expect((await buildSite(root)).code).toBe(0);
    const before = snapshot(path.join(root, "_site"));

    const broken = path.join(root, "posts/2024-2-1-quebrado.md");
    writeFileSync(broken, "---\ntitle: Quebrado\n---\n[x](nada.md)\n");
    const failed = await buildSite(root);
    expect(failed.code).toBe(1);
    expect(snapshot(path.join(root, "_site"))).toEqual(before);
    expect(await outputsOf(root)).toEqual(["_site"]);

    writeFileSync(broken, "---\ntitle: Consertado\n---\nTexto.\n");
    expect((await buildSite(root)).code).toBe(0);
    expect(Object.keys(snapshot(path.join(root, "_site")))).toContain("2024/02/01/quebrado/index.html");
    const { rmSync } = await import("node:fs");
    rmSync(broken);
    expect((await buildSite(root)).code).toBe(0);
    expect(snapshot(path.join(root, "_site"))).toEqual(before);
  });
});

