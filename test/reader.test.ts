import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DOMParser } from "linkedom";
import { beforeAll, describe, expect, test } from "vitest";
import { type BuildResult, buildFixture, buildSite, copySite, text } from "./helpers/site.ts";

const hrefs = (doc: Document, selector: string) => [...doc.querySelectorAll(selector)].map((a) => a.getAttribute("href"));
const xml = (source: string) => new DOMParser().parseFromString(source, "text/xml") as unknown as Document;

let site: BuildResult;
beforeAll(async () => {
  site = await buildFixture("reader");
  expect(site.code).toBe(0);
});

describe("home and excerpts", () => {
  test("the home page is paginated by 10, newest first, with Portuguese navigation", () => {
    const pages = ["/", "/page/2/", "/page/3/"].map((url) => site.page(url));
    expect(pages.map((doc) => doc.querySelectorAll(".post-list li").length)).toEqual([10, 10, 3]);
    expect(hrefs(pages[0]!, ".post-list h2 a")[0]).toBe("/2024/02/02/mais/");
    expect(text(pages[0]!.querySelector('.pager a[rel="next"]'))).toBe("Anteriores →");
    expect(hrefs(pages[1]!, ".pager a")).toEqual(["/", "/page/3/"]);
    expect(text(pages[2]!.querySelector('.pager a[rel="prev"]'))).toBe("← Mais recentes");
    expect(site.exists("/page/4/")).toBe(false);
  });

  test("each entry has its title, date, reading time and excerpt as plain text", () => {
    const items = [...site.page("/").querySelectorAll(".post-list li")];
    const byTitle = new Map(items.map((li) => [text(li.querySelector("h2")), li]));
    expect(text(byTitle.get("Código")!.querySelector(".meta"))).toBe("1 de fevereiro de 2024 · 1 min de leitura");
    expect(text(byTitle.get("Código")!.querySelector("p:not(.meta)"))).toBe("Um resumo escrito à mão.");
    expect(text(byTitle.get("Com mais")!.querySelector("p:not(.meta)"))).toBe("Antes do corte, com um link e figura.");
    expect(byTitle.get("Com mais")!.querySelector("p:not(.meta) a, p:not(.meta) img")).toBeNull();
    expect(text(site.page("/page/2/").querySelector(".post-list li p:not(.meta)"))).toMatch(/^Parágrafo do post \d+\.$/);
  });
});

describe("feed, sitemap and robots", () => {
  test("the Atom feed parses as XML, in pt-BR, and every entry is whole with absolute URLs", () => {
    const feed = xml(readFileSync(path.join(site.output, "feed.xml"), "utf8"));
    const root = feed.documentElement;
    expect(root.tagName).toBe("feed");
    expect(root.getAttribute("xml:lang")).toBe("pt-BR");
    const entries = [...root.getElementsByTagName("entry")];
    expect(entries).toHaveLength(20);
    expect(text(entries[0]!.getElementsByTagName("title")[0])).toBe("Com mais");
    for (const entry of entries) {
      const link = entry.getElementsByTagName("link")[0]!.getAttribute("href")!;
      expect(link).toMatch(/^https:\/\/exemplo\.com\.br\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
      expect(new Date(entry.getElementsByTagName("updated")[0]!.textContent!).getTime()).not.toBeNaN();
      const content = new DOMParser().parseFromString(`<body>${entry.getElementsByTagName("content")[0]!.textContent}</body>`, "text/html") as unknown as Document;
      for (const el of content.querySelectorAll("[href], [src]")) {
        expect(el.getAttribute("href") ?? el.getAttribute("src")).toMatch(/^https:\/\//);
      }
    }
    const first = new DOMParser().parseFromString(`<body>${entries[0]!.getElementsByTagName("content")[0]!.textContent}</body>`, "text/html") as unknown as Document;
    expect(first.querySelector("img")?.getAttribute("src")).toBe("https://exemplo.com.br/images/fig.png");
    expect(hrefs(first, "a").slice(0, 1)).toEqual(["https://exemplo.com.br/2024/02/01/codigo/"]);
    expect(text(feed.documentElement.getElementsByTagName("updated")[0])).toBe("2024-02-02T03:00:00.000Z");
  });

  test("the sitemap lists every post, tag page and home page; robots.txt points at it", () => {
    const locs = [...xml(readFileSync(path.join(site.output, "sitemap.xml"), "utf8")).getElementsByTagName("loc")].map((l) => l.textContent);
    expect(locs).toContain("https://exemplo.com.br/");
    expect(locs).toContain("https://exemplo.com.br/page/3/");
    expect(locs).toContain("https://exemplo.com.br/tags/");
    expect(locs).toContain("https://exemplo.com.br/tags/c-sharp/");
    expect(locs).toContain("https://exemplo.com.br/2024/02/01/codigo/");
    expect(locs.filter((l) => /\/\d{4}\/\d{2}\/\d{2}\//.test(l!))).toHaveLength(23);
    expect(readFileSync(path.join(site.output, "robots.txt"), "utf8")).toContain("Sitemap: https://exemplo.com.br/sitemap.xml");
  });
});

describe("search-engine and social metadata", () => {
  test("a post has its title, description, canonical URL, Open Graph, Twitter card and JSON-LD", () => {
    const doc = site.page("/2024/02/02/mais/");
    const meta = (selector: string) => doc.querySelector(selector)?.getAttribute("content");
    expect(text(doc.querySelector("title"))).toBe("Com mais · Leitor");
    expect(meta('meta[name="description"]')).toBe("Antes do corte, com um link e figura.");
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute("href")).toBe("https://exemplo.com.br/2024/02/02/mais/");
    expect(meta('meta[property="og:type"]')).toBe("article");
    // No `image:` in its front matter: the generated card, which exists, with its size.
    const card = meta('meta[property="og:image"]')!;
    expect(card).toMatch(/^https:\/\/exemplo\.com\.br\/social\/[0-9a-f]{16}\.png$/);
    expect(existsSync(path.join(site.output, new URL(card).pathname))).toBe(true);
    expect([meta('meta[property="og:image:width"]'), meta('meta[property="og:image:height"]')]).toEqual(["1200", "630"]);
    expect(meta('meta[property="og:locale"]')).toBe("pt_BR");
    expect(meta('meta[name="twitter:card"]')).toBe("summary_large_image");
    const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(ld).toMatchObject({
      "@type": "BlogPosting", headline: "Com mais", datePublished: "2024-02-02T03:00:00.000Z",
      author: { "@type": "Person", name: "Maria" }, inLanguage: "pt-BR", image: card,
    });
  });

  test("a post's own image (front matter image:) is its og:image instead of the card", () => {
    const doc = site.page("/2024/02/01/codigo/");
    const meta = (selector: string) => doc.querySelector(selector)?.getAttribute("content");
    expect(meta('meta[property="og:image"]')).toBe("https://exemplo.com.br/images/fig.png");
    expect(doc.querySelector('meta[property="og:image:width"]')).toBeNull();
  });
});

describe("code and headings", () => {
  test("fenced code is highlighted at build time; unknown languages and {{ }} stay plain", () => {
    const doc = site.page("/2024/02/01/codigo/");
    const blocks = [...doc.querySelectorAll("pre code")];
    for (const block of blocks.slice(0, 8)) expect(block.querySelector("[class^='hljs-']")).not.toBeNull();
    expect(blocks.map((b) => b.className).slice(0, 8)).toEqual(
      ["bash", "sql", "yaml", "json", "typescript", "go", "python", "dockerfile"].map((l) => `language-${l}`));
    expect(blocks[8]!.querySelector("span")).toBeNull();
    expect(blocks[8]!.textContent).toBe("{{ .Values.x }} continua literal\n");
    expect(doc.querySelector("article p code")?.textContent).toBe("{{ x }}");
    expect(doc.querySelectorAll("script:not([type='application/ld+json'])")).toHaveLength(0);
  });

  test("headings get visible anchors; three or more get a table of contents", () => {
    const doc = site.page("/2024/02/02/mais/");
    expect(text(doc.querySelector(".toc h2"))).toBe("Neste artigo");
    expect(hrefs(doc, ".toc a")).toEqual(["#primeira-seção", "#segunda-seção", "#subseção"]);
    expect(hrefs(doc, "article h2 a.anchor, article h3 a.anchor")).toEqual(["#primeira-seção", "#segunda-seção", "#subseção"]);
    expect(site.page("/2024/02/01/codigo/").querySelector(".toc")).toBeNull();
  });
});

describe("drafts and the future", () => {
  test("drafts and future posts are left out of the site, feed, sitemap and tag pages", () => {
    for (const url of ["/2024/02/03/rascunho/", "/2099/01/01/futuro/", "/tags/escondida/"]) expect(site.exists(url)).toBe(false);
    const everything = ["feed.xml", "sitemap.xml", "index.html", "tags/index.html"].map((f) => readFileSync(path.join(site.output, f), "utf8")).join("");
    expect(everything).not.toMatch(/rascunho|futuro|escondida/i);
  });

  test("--future publishes future-dated posts; drafts stay out", async () => {
    const root = copySite("reader");
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const { CLI } = await import("./helpers/site.ts");
    await promisify(execFile)(process.execPath, [CLI, "build", root, "--future"]);
    const files = readdirSync(path.join(root, "_site"), { recursive: true }).map(String);
    expect(files).toContain(path.join("2099", "01", "01", "futuro", "index.html"));
    expect(files).not.toContain(path.join("2024", "02", "03", "rascunho", "index.html"));
  });
});

test("the 404 page is in Portuguese, with a way home and the latest posts", () => {
  const doc = site.page("/404.html");
  expect(text(doc.querySelector("h1"))).toBe("Página não encontrada");
  expect(hrefs(doc, "main p a")[0]).toBe("/");
  expect(doc.querySelectorAll(".post-list li")).toHaveLength(5);
});

test("with --pathprefix every internal URL of every page starts with it and resolves", async () => {
  const root = copySite("reader");
  const built = await buildSite(root, {}, ["--pathprefix=/blog/"]);
  expect(built.code).toBe(0);
  const pages = readdirSync(built.output, { recursive: true }).map(String).filter((f) => f.endsWith(".html"));
  let checked = 0;
  for (const page of pages) {
    const doc = built.page(`/${page}`);
    for (const el of doc.querySelectorAll("a[href], img[src], link[href]")) {
      const url = el.getAttribute("href") ?? el.getAttribute("src")!;
      if (/^(https?:|#)/.test(url)) continue;
      expect(url, `${url} in ${page}`).toMatch(/^\/blog\//);
      const target = decodeURIComponent(url.slice("/blog".length).split("#")[0]!);
      expect(built.exists(target), `${url} in ${page}`).toBe(true);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(200);
});

test("the feed keeps a hostile title as text", async () => {
  const root = copySite("reader");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(path.join(root, "posts/2025-1-1-xss.md"), '---\ntitle: "</title><script>alert(1)</script> & ]]>"\n---\nTexto.\n');
  const built = await buildSite(root);
  expect(built.code).toBe(0);
  const feed = xml(readFileSync(path.join(built.output, "feed.xml"), "utf8"));
  const entry = feed.documentElement.getElementsByTagName("entry")[0]!;
  expect(entry.getElementsByTagName("title")[0]!.textContent).toBe("</title><script>alert(1)</script> & ]]>");
  expect(entry.getElementsByTagName("script")).toHaveLength(0);
});
