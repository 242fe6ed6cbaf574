import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadBlog } from "../src/blog.ts";
import { CACHE_FILE, commitBuildCache, createBlogCache, openBuildCache, stageBuildCache } from "../src/cache.ts";
import { createReporter } from "../src/diagnostics.ts";
import { indexSite } from "../src/search.ts";
import { buildSite, copySite, outputsOf, snapshot, temporarySite } from "./helpers/site.ts";

// Warm builds reuse the last build's renders and link its unchanged pages (src/incremental.ts).
// After each real edit, the warm output must be, file for file, what a cold build of the same
// source writes; and what did not change must be the very same file (an inode), not a copy.

const NETWORK = "posts/2024-1-31-aws-network.md";
const FIRST = "posts/2024-1-10-primeiro.md";
const LINKING = "posts/2024-1-20-segundo.md";

function site(): string {
  const root = copySite(".");
  writeFileSync(path.join(root, FIRST), "---\ntitle: Primeiro\ntags: aws\n---\nO primeiro post, sobre redes.\n\nDois parágrafos de resumo.\n\n<!--fim-->\n\nMais texto.\n");
  writeFileSync(path.join(root, LINKING), "---\ntitle: Segundo\ntags: aws\n---\nVeja [o primeiro](2024-1-10-primeiro.md).\n");
  return root;
}

const inode = (root: string, file: string) => statSync(path.join(root, "_site", file)).ino;

/** The site's sources (not _site/ or .cache/) built cold in a folder of their own: what the warm build must equal. */
async function coldBuildOf(root: string): Promise<Record<string, string>> {
  const twin = temporarySite();
  for (const part of ["posts", "images", "_config.yml"]) if (existsSync(path.join(root, part))) cpSync(path.join(root, part), path.join(twin, part), { recursive: true });
  expect((await buildSite(twin)).code).toBe(0);
  return snapshot(path.join(twin, "_site"));
}

describe("warm builds", () => {
  test("an unchanged build links every page and the search index; an edit writes what it touched, as a cold build would", { timeout: 120_000 }, async () => {
    const root = site();
    expect((await buildSite(root)).code).toBe(0);
    const first = snapshot(path.join(root, "_site"));
    const before = Object.fromEntries(Object.keys(first).map((file) => [file, inode(root, file)]));
    // The cache keeps each post's HTML, not its Markdown: a post is read again when it must be rendered again.
    expect(readFileSync(path.join(root, CACHE_FILE)).includes("/primeiro/")).toBe(true);
    expect(readFileSync(path.join(root, CACHE_FILE)).includes("[o primeiro](2024-1-10-primeiro.md)")).toBe(false);

    // Nothing changed: the same files, every one linked (no page, no index file written), and the cache not written again.
    const cacheFile = () => { const { ino, mtimeMs } = statSync(path.join(root, CACHE_FILE)); return { ino, mtimeMs }; };
    const cacheBefore = cacheFile();
    expect((await buildSite(root)).code).toBe(0);
    expect(snapshot(path.join(root, "_site"))).toEqual(first);
    expect(Object.keys(before).filter((file) => inode(root, file) !== before[file])).toEqual([]);
    expect(cacheFile()).toEqual(cacheBefore);

    // One post's text after its excerpt: its page and the search index change, the home page does not.
    writeFileSync(path.join(root, FIRST), readFileSync(path.join(root, FIRST), "utf8").replace("Mais texto.", "Texto novo, editado."));
    expect((await buildSite(root)).code).toBe(0);
    const edited = snapshot(path.join(root, "_site"));
    expect(edited).toEqual(await coldBuildOf(root));
    expect(readFileSync(path.join(root, "_site/2024/01/10/primeiro/index.html"), "utf8")).toContain("Texto novo, editado.");
    expect(inode(root, "2024/01/10/primeiro/index.html")).not.toBe(before["2024/01/10/primeiro/index.html"]);
    expect(inode(root, "index.html")).toBe(before["index.html"]);
    expect(inode(root, "2024/01/31/aws-network/index.html")).toBe(before["2024/01/31/aws-network/index.html"]);
    expect(inode(root, "pagefind/pagefind-entry.json")).not.toBe(before["pagefind/pagefind-entry.json"]);
    expect(cacheFile().ino).not.toBe(cacheBefore.ino);
  });

  test("a cache no build changed is kept only while it is the file the build opened", { timeout: 120_000 }, async () => {
    const root = site();
    expect((await buildSite(root)).code).toBe(0);
    const unchanged = stageBuildCache(root, openBuildCache(root));
    expect("kept" in unchanged).toBe(true);
    commitBuildCache(root, unchanged);
    expect(existsSync(path.join(root, CACHE_FILE))).toBe(true);

    // Another build put its record there meanwhile: it describes another output, and goes.
    const opened = stageBuildCache(root, openBuildCache(root));
    writeFileSync(path.join(root, CACHE_FILE), "o cache de outro build");
    commitBuildCache(root, opened);
    expect(existsSync(path.join(root, CACHE_FILE))).toBe(false);

    // One entry made anew: written, and put in place.
    expect((await buildSite(root)).code).toBe(0);
    const cache = openBuildCache(root);
    const [file, render] = [...cache.renders][0]!;
    cache.renders.set(file, { ...render });
    const written = stageBuildCache(root, cache);
    expect("written" in written).toBe(true);
    commitBuildCache(root, written);
    expect(openBuildCache(root).renders.size).toBe(cache.renders.size);
  });

  test("once rendered, a build's posts let their text go, and read it again from the file if asked; the preview's keep it", () => {
    const root = site();
    const build = openBuildCache(root);
    loadBlog(root, createReporter(), { cache: build });
    const first = build.files.get(FIRST)!.read!;
    expect(Object.getOwnPropertyDescriptor(first, "body")).not.toHaveProperty("value");
    expect(build.renders.get(FIRST)!.html).toContain("Mais texto.");
    expect(first.body).toContain("Mais texto.");

    const preview = createBlogCache();
    loadBlog(root, createReporter(), { cache: preview });
    expect(Object.getOwnPropertyDescriptor(preview.files.get(FIRST)!.read!, "body")).toHaveProperty("value", expect.stringContaining("Mais texto."));
  });

  test("a renamed post re-renders the post that links to it; a new setting re-renders every page", { timeout: 120_000 }, async () => {
    const root = site();
    expect((await buildSite(root)).code).toBe(0);
    renameSync(path.join(root, FIRST), path.join(root, "posts/2024-1-10-o-primeiro.md"));
    writeFileSync(path.join(root, LINKING), readFileSync(path.join(root, LINKING), "utf8").replace("2024-1-10-primeiro.md", "2024-1-10-o-primeiro.md"));
    expect((await buildSite(root)).code).toBe(0);
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
    expect(readFileSync(path.join(root, "_site/2024/01/20/segundo/index.html"), "utf8")).toContain('href="/2024/01/10/o-primeiro/"');

    const network = inode(root, "2024/01/31/aws-network/index.html");
    writeFileSync(path.join(root, "_config.yml"), `${readFileSync(path.join(root, "_config.yml"), "utf8")}\ntitle: Outro título\n`);
    expect((await buildSite(root)).code).toBe(0);
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
    expect(readFileSync(path.join(root, "_site/2024/01/31/aws-network/index.html"), "utf8")).toContain("Outro título");
    expect(inode(root, "2024/01/31/aws-network/index.html")).not.toBe(network);
  });

  test("a new post re-renders an untouched post whose link now finds it, and deleting it breaks that link again", { timeout: 120_000 }, async () => {
    const root = site();
    writeFileSync(path.join(root, "_config.yml"), `${readFileSync(path.join(root, "_config.yml"), "utf8")}\nbroken_links: warning\n`);
    writeFileSync(path.join(root, LINKING), "---\ntitle: Segundo\ntags: aws\n---\nVeja [o próximo](2024-2-1-terceiro.md).\n");
    const first = await buildSite(root);
    expect(first.code).toBe(0);
    const codes = (result: { diagnostics: { file: string; code: string }[] }) => result.diagnostics.filter((d) => d.file !== NETWORK).map((d) => `${d.file} ${d.code}`);
    expect(codes(first)).toEqual([`${LINKING} link-missing`]);
    const linkOf = () => readFileSync(path.join(root, "_site/2024/01/20/segundo/index.html"), "utf8").match(/href="([^"]*)">o próximo/)?.[1];
    expect(linkOf()).toBe("2024-2-1-terceiro.md");

    writeFileSync(path.join(root, "posts/2024-2-1-terceiro.md"), "---\ntitle: Terceiro\ntags: aws\n---\nO post que faltava.\n");
    const added = await buildSite(root);
    expect(codes(added)).toEqual([]);
    expect(linkOf()).toBe("/2024/02/01/terceiro/");
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));

    rmSync(path.join(root, "posts/2024-2-1-terceiro.md"));
    const removed = await buildSite(root);
    expect(codes(removed)).toEqual([`${LINKING} link-missing`]);
    expect(linkOf()).toBe("2024-2-1-terceiro.md");
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
  });

  test("front matter alone, a page the preview rewrote, and a broken cache file are each built right", { timeout: 120_000 }, async () => {
    const root = site();
    expect((await buildSite(root)).code).toBe(0);
    // A front matter key the Markdown reads, the body's text unchanged: the excerpt now runs to <!--fim-->.
    writeFileSync(path.join(root, FIRST), readFileSync(path.join(root, FIRST), "utf8").replace("tags: aws\n", "tags: aws\nexcerpt_separator: \"<!--fim-->\"\n"));
    // The live preview writes into _site/ itself: a page it changed is not the last build's any more.
    writeFileSync(path.join(root, "_site/2024/01/31/aws-network/index.html"), "<p>rascunho do preview</p>");
    expect((await buildSite(root)).code).toBe(0);
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
    expect(readFileSync(path.join(root, "_site/index.html"), "utf8")).toContain("Dois parágrafos de resumo.");

    writeFileSync(path.join(root, CACHE_FILE), "não é um cache");
    writeFileSync(path.join(root, NETWORK), `${readFileSync(path.join(root, NETWORK), "utf8")}\nUma linha nova.\n`);
    expect((await buildSite(root)).code).toBe(0);
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
    // The cache was written anew, whole: the next build links the page it wrote.
    const network = inode(root, "2024/01/31/aws-network/index.html");
    expect((await buildSite(root)).code).toBe(0);
    expect(inode(root, "2024/01/31/aws-network/index.html")).toBe(network);
  });
});

describe("the output before last", () => {
  test("is kept as folders only, and the next build fills them: a deleted post's folder goes, a page's folder that became a file goes", { timeout: 120_000 }, async () => {
    const root = site();
    const logo = "posts/2024-1-5-logo.md";
    writeFileSync(path.join(root, logo), "---\ntitle: Logo\npermalink: /images/logo/\n---\nUma página no lugar de um arquivo.\n");
    expect((await buildSite(root)).code).toBe(0);
    expect((await buildSite(root)).code).toBe(0);
    expect(await outputsOf(root)).toEqual(["_site", "_site.spare"]);
    const spare = path.join(root, "_site.spare");
    const entries = readdirSync(spare, { recursive: true, withFileTypes: true });
    // Its folders, and their list (src/build.ts, setAside).
    expect(entries.filter((entry) => !entry.isDirectory()).map((entry) => path.relative(spare, path.join(entry.parentPath, entry.name)))).toEqual([".blog-folders.json"]);
    expect(statSync(path.join(spare, "images/logo")).isDirectory()).toBe(true);
    const folder = statSync(path.join(spare, "2024/01/31/aws-network")).ino;

    // The post at /images/logo/ gives way to a file of that name; another post is deleted.
    rmSync(path.join(root, logo));
    writeFileSync(path.join(root, "images/logo"), "um arquivo sem extensão");
    rmSync(path.join(root, FIRST));
    writeFileSync(path.join(root, LINKING), "---\ntitle: Segundo\ntags: aws\n---\nSem links.\n");
    expect((await buildSite(root)).code).toBe(0);
    expect(statSync(path.join(root, "_site/2024/01/31/aws-network")).ino).toBe(folder);
    expect(readFileSync(path.join(root, "_site/images/logo"), "utf8")).toBe("um arquivo sem extensão");
    expect(existsSync(path.join(root, "_site/2024/01/10"))).toBe(false);
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
  });

  test("a spare whose list of folders names a place outside it is not used", { timeout: 120_000 }, async () => {
    const root = site();
    expect((await buildSite(root)).code).toBe(0);
    expect((await buildSite(root)).code).toBe(0);
    expect(await outputsOf(root)).toEqual(["_site", "_site.spare"]);
    // An empty folder beside the site: the build, pruning the spare's empty folders, must not reach it.
    const outside = path.join(path.dirname(root), `${path.basename(root)}-fora`);
    mkdirSync(outside);
    writeFileSync(path.join(root, "_site.spare/.blog-folders.json"), JSON.stringify(["2024", `../../${path.basename(outside)}`]));
    expect((await buildSite(root)).code).toBe(0);
    expect(existsSync(outside)).toBe(true);
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
    rmSync(outside, { recursive: true });
  });
});

describe("the cache cannot be written", () => {
  test("the site is still built and published, with a warning, and the next build starts afresh", { timeout: 120_000 }, async () => {
    const root = site();
    // A folder where the cache file goes: writing it fails, whoever runs the build.
    mkdirSync(path.join(root, CACHE_FILE, "x"), { recursive: true });
    const result = await buildSite(root);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: the build's cache could not be written .*; the next build starts afresh/);
    expect(result.exists("/2024/01/10/primeiro/")).toBe(true);
    expect(existsSync(path.join(root, CACHE_FILE))).toBe(false);
    expect((await buildSite(root)).code).toBe(0);
    expect(statSync(path.join(root, CACHE_FILE)).isFile()).toBe(true);
  });
});

describe("a large blog's search index", () => {
  test("each part holds exactly the pages named for it, whatever their names", { timeout: 60_000 }, async () => {
    const output = temporarySite();
    // Names with the glob's metacharacters in them: Pagefind is handed each part's files as a glob.
    const files = ["a,b (c)/index.html", "x{y}/index.html", "p*q?/index.html", "ação/index.html", "[z]/index.html"];
    for (const [i, file] of files.entries()) {
      mkdirSync(path.join(output, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(output, file), `<html lang="pt"><body><main data-pagefind-body><h1>Página ${i}</h1><p>Texto da página ${i}.</p></main></body></html>`);
    }
    await indexSite(output, [files.slice(0, 3), files.slice(3)], [0, 1]);
    const count = (part: string) => (JSON.parse(readFileSync(path.join(output, part, "pagefind-entry.json"), "utf8")) as { languages: { pt: { page_count: number } } }).languages.pt.page_count;
    expect([count("pagefind"), count("pagefind-2")]).toEqual([3, 2]);
    // A part Pagefind did not index whole (here, a page that is not there) fails the build, saying so.
    await expect(indexSite(output, [["ação/index.html", "sumiu/index.html"], []], [0])).rejects.toThrow("Pagefind indexed 1 of the 2 pages of the search index's part 1");
  });

  test("past 2,000 pages it is in parts; an edit rebuilds only the part that holds the post", { timeout: 300_000 }, async () => {
    const root = temporarySite();
    mkdirSync(path.join(root, "posts"));
    writeFileSync(path.join(root, "_config.yml"), "title: Muitos posts\nsocial_cards: false\n");
    for (let i = 0; i < 2_100; i++) {
      writeFileSync(path.join(root, `posts/2020-${1 + (i % 12)}-${1 + (i % 28)}-post-${i}.md`), `---\ntitle: Post ${i}\ntags: t${i % 5}\n---\nTexto do post número ${i}, palavra${i}.\n`);
    }
    expect((await buildSite(root)).code).toBe(0);
    const search = readFileSync(path.join(root, "_site/busca/index.html"), "utf8");
    expect(/data-parts="([^"]*)"/.exec(search)?.[1]).toBe("/pagefind-2/");
    const entry = (part: string) => JSON.parse(readFileSync(path.join(root, "_site", part, "pagefind-entry.json"), "utf8")) as { languages: { pt: { page_count: number } } };
    const counts = ["pagefind", "pagefind-2"].map((part) => entry(part).languages.pt.page_count);
    // Every post in exactly one part, the parts about even (a hash of each page's file).
    expect(counts[0]! + counts[1]!).toBe(2_100);
    expect(Math.min(...counts)).toBeGreaterThan(900);

    const parts = ["pagefind", "pagefind-2"].map((part) => inode(root, `${part}/pagefind-entry.json`));
    writeFileSync(path.join(root, "posts/2020-1-1-post-0.md"), "---\ntitle: Post 0\ntags: t0\n---\nTexto novo.\n");
    expect((await buildSite(root)).code).toBe(0);
    const after = ["pagefind", "pagefind-2"].map((part) => inode(root, `${part}/pagefind-entry.json`));
    // One part made anew, the other linked from the last build.
    expect(after.filter((ino, i) => ino === parts[i])).toHaveLength(1);
    expect(snapshot(path.join(root, "_site"))).toEqual(await coldBuildOf(root));
  });
});
