import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DOMParser } from "linkedom";
import sharp from "sharp";
import { parseSrcset } from "srcset";
import { beforeAll, describe, expect, test } from "vitest";
import { loadBlog } from "../src/blog.ts";
import { createBlogCache } from "../src/cache.ts";
import type { Blog } from "../src/model.ts";
import { createReporter } from "../src/diagnostics.ts";
import { type BuildResult, buildFixture, buildSite, copySite } from "./helpers/site.ts";

const POST = "/2024/03/01/fotos-da-viagem/";

let site: BuildResult;
beforeAll(async () => {
  site = await buildFixture("images");
  expect(site.stderr).not.toMatch(/error/);
  expect(site.code).toBe(0);
});

/** Every version a `<source>` offers: its URL, the width it claims, the type it claims. */
function sources(picture: Element) {
  return [...picture.querySelectorAll("source")].flatMap((source) =>
    parseSrcset(source.getAttribute("srcset")!).map(({ url, width }) => ({ url, width, type: source.getAttribute("type") })));
}

function inodes(dir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, statSync(path.join(dir, name)).ino]));
}

describe("images in posts", () => {
  test("a JPEG or PNG becomes a <picture>: AVIF at three widths, WebP at one, the original as fallback", async () => {
    const pictures = [...site.page(POST).querySelectorAll("article picture")];
    expect(pictures).toHaveLength(3);
    const img = pictures[0]!.querySelector("img")!;
    expect(img.getAttribute("src")).toBe("/images/praia.jpg");
    expect([img.getAttribute("width"), img.getAttribute("height")]).toEqual(["1600", "900"]);
    expect(img.getAttribute("alt")).toBe('Praia ao pôr do sol, com "aspas" & acentos');
    // Alone in its paragraph, its title is the figure's caption (not also a tooltip).
    expect([img.hasAttribute("title"), pictures[0]!.closest("figure")?.querySelector("figcaption")?.textContent]).toEqual([false, "Praia em Ubatuba"]);
    const offered = sources(pictures[0]!);
    expect(offered.map((s) => `${s.type} ${s.width}`)).toEqual([
      "image/avif 480", "image/avif 960", "image/avif 1440", "image/webp 960",
    ]);
    // Each version exists, is the format its <source> says, and is as wide as its srcset says.
    for (const { url, width, type } of offered) {
      const meta = await sharp(path.join(site.output, url)).metadata();
      expect(`image/${meta.format === "heif" ? "avif" : meta.format}`).toBe(type);
      expect(meta.width).toBe(width);
    }
  });

  test("the first image loads at once, the others lazily; every <img> has width and height", () => {
    const imgs = [...site.page(POST).querySelectorAll("article img")];
    expect(imgs).toHaveLength(6);
    expect(imgs[0]!.getAttribute("fetchpriority")).toBe("high");
    expect(imgs[0]!.hasAttribute("loading")).toBe(false);
    for (const img of imgs.slice(1)) {
      expect(img.getAttribute("loading")).toBe("lazy");
      expect(img.getAttribute("decoding")).toBe("async");
    }
    for (const img of imgs) expect(Number(img.getAttribute("width")) * Number(img.getAttribute("height"))).toBeGreaterThan(0);
  });

  test("a photo turned by its EXIF orientation is sized as it is shown, and its versions are turned too", async () => {
    const picture = [...site.page(POST).querySelectorAll("article picture")][1]!;
    const img = picture.querySelector("img")!;
    expect([img.getAttribute("width"), img.getAttribute("height")]).toEqual(["400", "600"]);
    const [first] = sources(picture);
    const meta = await sharp(path.join(site.output, first!.url)).metadata();
    expect([meta.width, meta.height]).toEqual([400, 600]);
  });

  test("SVG and GIF are copied as they are, with their size; raw HTML <img> is sized too", () => {
    const doc = site.page(POST);
    const plain = (src: string) => doc.querySelector(`article img[src="${src}"]:not(picture img)`);
    expect([plain("/images/esquema.svg")?.getAttribute("width"), plain("/images/esquema.svg")?.getAttribute("height")]).toEqual(["10", "10"]);
    expect([plain("/images/selo.gif")?.getAttribute("width"), plain("/images/selo.gif")?.getAttribute("height")]).toEqual(["40", "30"]);
    const raw = doc.querySelector('article img[alt="A mesma praia"]')!;
    expect([raw.getAttribute("width"), raw.getAttribute("height")]).toEqual(["1600", "900"]);
    for (const file of ["esquema.svg", "selo.gif", "praia.jpg"]) {
      expect(readFileSync(path.join(site.output, "images", file))).toEqual(readFileSync(path.join(site.root, "images", file)));
    }
    expect(readdirSync(path.join(site.output, "img")).filter((f) => !/\.(avif|webp)$/.test(f))).toEqual([]);
  });

  test("the feed's srcset URLs are absolute", () => {
    const feed = new DOMParser().parseFromString(readFileSync(path.join(site.output, "feed.xml"), "utf8"), "text/xml") as unknown as Document;
    const content = feed.querySelector("entry content")!.textContent!;
    const urls = [...content.matchAll(/srcset="([^"]+)"/g)].flatMap((m) => parseSrcset(m[1]!.replace(/&amp;/g, "&")).map((c) => c.url));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^https:\/\/exemplo\.com\.br\/img\/[\w-]+-\d+\.(avif|webp)$/);
  });
});

describe("the image cache", () => {
  test("a second build encodes nothing; a changed image gets new versions and the old ones go", async () => {
    const root = copySite("images");
    const build = async () => {
      const result = await buildSite(root);
      expect(result.code).toBe(0);
      const [praia, retrato] = [...result.page(POST).querySelectorAll("article picture")].map((p) => sources(p).map((s) => path.basename(s.url)));
      return { praia: praia!, retrato: retrato!, files: inodes(path.join(root, "_site/img")) };
    };
    const first = await build();
    const second = await build();
    // The same files (hard links to the last build's), not new encodings of the same image.
    expect(second.files).toEqual(first.files);

    writeFileSync(path.join(root, "images/praia.jpg"), await sharp(path.join(root, "images/praia.jpg")).flop().jpeg().toBuffer());
    const third = await build();
    expect(third.praia.filter((name) => first.praia.includes(name))).toEqual([]);
    expect(Object.keys(third.files).sort()).toEqual([...third.praia, ...third.retrato].sort());
    for (const name of third.retrato) expect(third.files[name]).toBe(first.files[name]);
  }, 30_000);
});

describe("colours", () => {
  test("a wide-gamut (Display P3) photo's versions are sRGB with its colours: pure red stays red", async () => {
    const root = copySite("images");
    // sRGB red, stored as a P3 camera would store it (other numbers, and the P3 profile).
    const p3 = await sharp({ create: { width: 1000, height: 600, channels: 3, background: "#ff0000" } }).withIccProfile("p3").jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(p3).keepIccProfile().raw().toBuffer()).subarray(0, 3)[0]).toBeLessThan(245);
    writeFileSync(path.join(root, "images/vermelho.jpg"), p3);
    writeFileSync(path.join(root, "posts/2024-3-2-vermelho.md"), "---\ntitle: Vermelho\n---\n![vermelho](../images/vermelho.jpg)\n");
    const result = await buildSite(root);
    expect(result.code).toBe(0);
    for (const { url } of sources(result.page("/2024/03/02/vermelho/").querySelector("article picture")!)) {
      const version = sharp(path.join(result.output, url));
      expect((await version.metadata()).icc).toBeUndefined();
      const [r, g, b] = (await version.raw().toBuffer()).subarray(0, 3);
      expect([r! > 245, g! < 15, b! < 15]).toEqual([true, true, true]);
    }
  }, 30_000);
});

describe("the live preview's cache", () => {
  test("a new baseurl in _config.yml gives image versions and cards new URLs", () => {
    const root = copySite(".");
    const cache = createBlogCache();
    const srcset = (blog: Blog) => /srcset="(\S+)/.exec(blog.posts.find((p) => p.file.includes("aws"))!.html)![1];
    const before = loadBlog(root, createReporter(), { cache, drafts: true });
    writeFileSync(path.join(root, "_config.yml"), `${readFileSync(path.join(root, "_config.yml"), "utf8")}\nbaseurl: /blog\n`);
    const after = loadBlog(root, createReporter(), { cache, drafts: true });
    expect(srcset(before)).toMatch(/^\/img\//);
    expect(srcset(after)).toMatch(/^\/blog\/img\//);
    expect(after.posts[0]!.card).toMatch(/^\/blog\/social\//);
  });
});

describe("bad images", () => {
  test("an image that cannot be read is an error at the line and column that shows it", async () => {
    const root = copySite("images");
    writeFileSync(path.join(root, "images/retrato.jpg"), "isto não é uma imagem");
    const result = await buildSite(root);
    expect(result.code).not.toBe(0);
    expect(result.diagnostics).toEqual([expect.objectContaining({
      file: "posts/2024-3-1-fotos-da-viagem.md", line: 12, column: 1, severity: "error", code: "image-unreadable",
    })]);
    expect(result.diagnostics[0]!.message).toMatch(/retrato\.jpg.*could not be read/);
  });
});
