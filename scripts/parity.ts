// `npm run parity -- <jekyll site> <jekyll _site> [more pairs…]`: imports each Jekyll site into a
// fresh folder, builds it, and compares it with what Jekyll built, post by post: is each Jekyll post
// at the same file (so the same URL), and how similar is its article text. Jekyll's own list of
// posts comes from scripts/jekyll-posts.rb (Debian's `jekyll`, plugins and theme off).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseHTML } from "linkedom";
import { build } from "../src/build.ts";
import { importJekyll } from "../src/import.ts";

export interface JekyllPost {
  path: string;
  url: string;
  /** Where Jekyll wrote it, relative to its `_site/`. */
  file: string;
}

export interface PostParity {
  path: string;
  url: string;
  /** Our build wrote a page at Jekyll's file. */
  reproduced: boolean;
  /** Sørensen–Dice similarity of the two article texts' word pairs (1 = the same words in the same order). */
  similarity: number;
  /** Images in the article: Jekyll's, and of those (by file name) the ones ours shows too. */
  images: { jekyll: number; shown: number };
  /** `{{` and `{%` in our article's text outside code, beyond those in Jekyll's: Liquid shown where Jekyll ran it. */
  liquidShown: number;
}

// Where a post's text is in Jekyll's page: schema.org's articleBody (minima and many themes mark it), the common themes' article containers (minima's, Mediumish's …), else the body.
const JEKYLL_ARTICLE = ["[itemprop=\"articleBody\"]", "article .post-content", ".post-content", ".entry-content", ".article-post", "article", ".post", "main", "body"];

/** A page's article text, words separated by single spaces; ours without title, date, contents, series box and tags. */
export function articleText(html: string, ours: boolean): string {
  return readArticle(html, ours).text;
}

/** The article's text, its text outside code, and the file names of its images. */
function readArticle(html: string, ours: boolean): { text: string; prose: string; images: string[] } {
  const { document } = parseHTML(html);
  const root = ours ? document.querySelector("article") : JEKYLL_ARTICLE.map((s) => document.querySelector(s)).find((e) => e !== null);
  if (!root) return { text: "", prose: "", images: [] };
  // Ours are <picture>s of versions named after the source; the <img> keeps the source's own URL.
  const images = [...root.querySelectorAll("img")].map((img) => decodeURIComponent(path.posix.basename((img.getAttribute("src") ?? "").split(/[?#]/)[0]!)));
  if (ours) for (const chrome of root.querySelectorAll("h1, p.meta, nav.toc, nav.series, footer, .anchor")) chrome.remove();
  // Line numbers are not text: ours (.gutter), rouge's (.lineno, .rouge-gutter).
  for (const code of root.querySelectorAll("script, style, .gutter, .lineno, .rouge-gutter")) code.remove();
  // Math as its TeX: ours is typeset (KaTeX keeps the TeX in an annotation).
  for (const math of root.querySelectorAll(".katex")) math.replaceWith(` ${math.querySelector("annotation")?.textContent ?? ""} `);
  // Code is set aside (compared without its white space in blocks: themes lay code lines out in
  // elements of their own), so that only the text outside it is read as math below.
  const code: string[] = [];
  const setAside = (element: Element, text: string) => element.replaceWith(` \u0000${code.push(text) - 1}\u0000 `);
  for (const pre of root.querySelectorAll("pre")) setAside(pre, (pre.textContent ?? "").replace(/\s+/g, ""));
  for (const span of root.querySelectorAll("code")) setAside(span, span.textContent ?? "");
  let text = root.textContent ?? "";
  // Jekyll's math as TeX: MathJax's \(…\) and \[…\], and the `$…$` a plugin (jekyll-katex) would typeset.
  // (A `$` with spaces on both sides, a shell prompt, is text.)
  if (!ours) text = text.replace(/\\\(|\\\)|\\\[|\\\]|\$+(?=\S)|(?<=\S)\$+/g, " ");
  const prose = text.replace(/\u0000\d+\u0000/g, " ");
  // Code elements side by side (a theme's one per line) are one piece of code.
  text = text.replace(/\u0000\d+\u0000(?:\s*\u0000\d+\u0000)*/g, (run) => [...run.matchAll(/\u0000(\d+)\u0000/g)].map((m) => code[Number(m[1])]).join(""))
    .replace(/\s+/g, " ").trim();
  return { text, prose, images };
}

/** Sørensen–Dice coefficient over word bigrams (word unigrams for texts of one word). */
export function textSimilarity(a: string, b: string): number {
  const grams = (text: string) => {
    const words = text.toLowerCase().split(" ").filter(Boolean);
    const list = words.length < 2 ? words : words.slice(1).map((w, i) => `${words[i]} ${w}`);
    const counts = new Map<string, number>();
    for (const g of list) counts.set(g, (counts.get(g) ?? 0) + 1);
    return { counts, size: list.length };
  };
  const x = grams(a);
  const y = grams(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const [g, n] of x.counts) shared += Math.min(n, y.counts.get(g) ?? 0);
  return (2 * shared) / (x.size + y.size);
}

/** Each Jekyll post against our output folder. */
export function comparePosts(posts: JekyllPost[], jekyllSite: string, ourSite: string): PostParity[] {
  return posts.map((post) => {
    const ours = path.join(ourSite, post.file);
    const theirs = path.join(jekyllSite, post.file);
    const reproduced = existsSync(ours);
    const jekyll = existsSync(theirs) ? readArticle(readFileSync(theirs, "utf8"), false) : { text: "", prose: "", images: [] };
    const mine = reproduced ? readArticle(readFileSync(ours, "utf8"), true) : { text: "", prose: "", images: [] };
    const similarity = reproduced && existsSync(theirs) ? textSimilarity(jekyll.text, mine.text) : 0;
    const shown = jekyll.images.filter((name) => mine.images.includes(name)).length;
    const liquid = (text: string) => text.match(/\{\{|\{%/g)?.length ?? 0;
    return {
      path: post.path, url: post.url, reproduced, similarity,
      images: { jekyll: jekyll.images.length, shown }, liquidShown: Math.max(0, liquid(mine.prose) - liquid(jekyll.prose)),
    };
  });
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args.length % 2 !== 0) {
    console.error("usage: npm run parity -- <jekyll site> <jekyll _site> [<jekyll site> <jekyll _site> …]");
    return 2;
  }
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "jekyll-posts.rb");
  console.log("| blog | Jekyll's posts | at Jekyll's URL | build | similarity ≥ 0.98 | median similarity | images Jekyll showed, shown | Liquid shown as text |");
  console.log("|---|---:|---:|---|---:|---:|---:|---:|");
  for (let i = 0; i < args.length; i += 2) {
    const [source, jekyllSite] = [path.resolve(args[i]!), path.resolve(args[i + 1]!)];
    const posts = JSON.parse(execFileSync("ruby", [script, source], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 })) as JekyllPost[];
    const root = mkdtempSync(path.join(tmpdir(), "blog-parity-"));
    const report = importJekyll(source, root);
    const lines: string[] = [];
    const built = await build(root, { log: (line) => lines.push(line) });
    const results = comparePosts(posts, jekyllSite, path.join(root, "_site"));
    const reproduced = results.filter((r) => r.reproduced).length;
    const sorted = results.map((r) => r.similarity).sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
    const close = results.filter((r) => r.similarity >= 0.98).length;
    const pct = (n: number) => (results.length ? `${n} (${((100 * n) / results.length).toFixed(0)} %)` : "0");
    const images = results.reduce((sum, r) => sum + r.images.jekyll, 0);
    const shown = results.reduce((sum, r) => sum + r.images.shown, 0);
    const liquidShown = results.reduce((sum, r) => sum + r.liquidShown, 0);
    console.log(`| ${path.basename(source)} | ${results.length} | ${pct(reproduced)} | ${built ? "exit 0" : "failed"}, ${report.diagnostics.length} diagnostics | ${pct(close)} | ${median.toFixed(3)} | ${shown} of ${images} | ${liquidShown} |`);
    for (const r of results.filter((p) => !p.reproduced || p.similarity < 0.98 || p.images.shown < p.images.jekyll || p.liquidShown > 0)) {
      const images = r.images.shown < r.images.jekyll ? `, images ${r.images.shown} of ${r.images.jekyll}` : "";
      const liquid = r.liquidShown ? `, Liquid shown ${r.liquidShown}` : "";
      console.error(`  ${path.basename(source)} ${r.path}: ${r.reproduced ? `similarity ${r.similarity.toFixed(3)}${images}${liquid}` : `not at ${r.url}`}`);
    }
    if (!built) for (const line of lines.slice(-5)) console.error(`  ${line}`);
    console.error(`  ${path.basename(source)}: our build is in ${root}`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
