import { readdirSync } from "node:fs";
import path from "node:path";
import { quoteValue, type Reporter } from "./diagnostics.ts";
import { listFiles, opensWithFrontMatter, readRegularFile, type SiteFile } from "./files.ts";
import { findKeyLines, parseFrontMatter } from "./frontmatter.ts";
import { titleFromHeading } from "./jekyll.ts";
import { isLanguageTag } from "./language.ts";
import type { Read } from "./model.ts";
import { MAX_POST_BYTES } from "./read.ts";
import { isSafePermalink } from "./routes.ts";
import { decodeSource } from "./source.ts";

/** Where an author's own pages live: `pages/sobre.md` is `/sobre/`. */
export const PAGES_FOLDER = "pages";

const PAGE_FILE = /\.(?:md|markdown)$/i;

/** A page's metadata: no date, no tags; a place in the menu when it asks for one. */
export interface PageMeta {
  file: string;
  title: string;
  /** Output URL path without the base path: `/sobre/`. */
  permalink: string;
  description?: string;
  lang?: string;
  /** Its entry in the site's menu: the label, and where it goes among the others (lower first). */
  menu?: { title: string; order: number };
}

/** The front matter a page reads; Jekyll's `layout` is accepted (the page layout is used). */
const PAGE_KEYS = new Set(["title", "permalink", "description", "lang", "menu", "layout", "nav_order"]);

/** Reads `pages/`: each Markdown file a page (its text, to render as a post's), the rest copied as they are. */
export function readPages(root: string, reporter: Reporter, { pretty = true } = {}): { pages: (Read & { page: PageMeta })[]; assets: SiteFile[] } {
  const files = listFiles(root, PAGES_FOLDER, reporter);
  const pages: (Read & { page: PageMeta })[] = [];
  for (const file of files.filter((f) => PAGE_FILE.test(f.path))) {
    const read = readRegularFile(path.join(root, file.source), MAX_POST_BYTES);
    if (!("bytes" in read)) {
      reporter.error(file.path, 1, 1, read.code, `the page was not read: ${read.message}`);
      continue;
    }
    const text = decodeSource(read.bytes, file.path, reporter);
    if (text === undefined) continue;
    const parsed = parseFrontMatter(text, file.path, reporter);
    if (!parsed) continue;
    let { body, data } = parsed;
    if (data.title === undefined || data.title === null) {
      const heading = titleFromHeading(body);
      if (heading) ({ body, data } = { body: heading.body, data: { ...data, title: heading.title } });
    }
    const page = normalizePage(file.path, data, findKeyLines(text, parsed.bodyLine), reporter, pretty);
    if (page) pages.push({ file: file.path, body, bodyLine: parsed.bodyLine, data, page });
  }
  return { pages, assets: files.filter((f) => !PAGE_FILE.test(f.path)) };
}

/**
 * A page's URL from its file, as Jekyll makes it: `pages/sobre.md` → `/sobre/` when the site's
 * permalinks end in `/` (Jekyll's `pretty`, ours), else `/sobre.html` (Jekyll's default `date`
 * style); `pages/projetos/index.md` → `/projetos/`.
 */
export function pagePermalink(file: string, pretty = true): string {
  const path = file.slice(PAGES_FOLDER.length + 1).replace(PAGE_FILE, "");
  const folder = /(?:^|\/)index$/.test(path);
  const stem = path.replace(/(?:^|\/)index$/, "");
  if (stem === "") return "/";
  return pretty || folder ? `/${stem}/` : `/${stem}.html`;
}

function normalizePage(
  file: string, data: Record<string, unknown>, keyLines: Record<string, number>, reporter: Reporter, pretty: boolean,
): PageMeta | undefined {
  const at = (key: string) => keyLines[key] ?? 1;
  for (const key of Object.keys(data)) {
    if (!PAGE_KEYS.has(key)) {
      reporter.warning(file, at(key), 1, "unknown-key", `front-matter key "${key}" is not one a page reads (title, permalink, description, lang, menu); it is ignored`);
    }
  }
  const stem = path.posix.basename(file).replace(PAGE_FILE, "");
  const title = typeof data.title === "string" || typeof data.title === "number" ? String(data.title).trim()
    : stem.replace(/[-_]+/g, " ").replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  let permalink = pagePermalink(file, pretty);
  if (data.permalink !== undefined && data.permalink !== null) {
    const written = typeof data.permalink === "string" ? data.permalink.trim() : "";
    // Jekyll's forms: `/sobre/`, `/sobre.html`, `/sobre` (served as sobre.html); `sobre/` is from the root too.
    const candidate = written.startsWith("/") ? written : `/${written}`;
    if (written !== "" && isSafePermalink(candidate)) permalink = candidate;
    else {
      reporter.error(file, at("permalink"), 1, "permalink",
        `permalink ${quoteValue(data.permalink)} is not a safe URL path: start it with "/" and use letters, digits, "-", "_", "." and "~" (no "..")`);
      return undefined;
    }
  }
  const description = typeof data.description === "string" ? data.description : undefined;
  let lang: string | undefined;
  if (typeof data.lang === "string") {
    if (isLanguageTag(data.lang)) lang = data.lang;
    else reporter.warning(file, at("lang"), 1, "lang", `lang "${data.lang}" is not a language tag; write one such as pt-BR, pt or en`);
  }
  return { file, title, permalink, description, lang, menu: readMenu(data, title, file, at, reporter) };
}

/** `menu: true`, `menu: Sobre mim` (its label) or `menu: { title: Sobre, order: 2 }`; Jekyll themes' `nav_order` orders it too. */
function readMenu(
  data: Record<string, unknown>, title: string, file: string, at: (key: string) => number, reporter: Reporter,
): PageMeta["menu"] {
  const value = data.menu;
  const order = typeof data.nav_order === "number" ? data.nav_order : 100;
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return { title, order };
  if (typeof value === "string" && value.trim() !== "") return { title: value.trim(), order };
  if (typeof value === "object" && !Array.isArray(value)) {
    const entry = value as { title?: unknown; order?: unknown };
    return {
      title: typeof entry.title === "string" && entry.title.trim() !== "" ? entry.title.trim() : title,
      order: typeof entry.order === "number" ? entry.order : order,
    };
  }
  reporter.warning(file, at("menu"), 1, "menu", `menu must be true, a label, or { title: …, order: … }; found ${quoteValue(value)}: the page is not in the menu`);
  return undefined;
}

// Eleventy's and Jekyll's template languages: a file in one of them is a page its author meant to publish.
const TEMPLATE_FILE = /\.(?:njk|liquid|11ty\.[cm]?js|webc|hbs|mustache|ejs|pug|haml)$/i;
const PAGE_LIKE = /\.(?:md|markdown|html?)$/i;

/**
 * Pages written for another generator at the site's root (`sobre.md` with front matter,
 * `contato.njk`): this blog builds Markdown pages from pages/ and never runs a template (it could run
 * code), so each one is named with where it belongs, never ignored in silence.
 */
export function reportStrayTemplates(root: string, reporter: Reporter): void {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith(".")) continue;
    const template = TEMPLATE_FILE.test(entry.name);
    if (!template && !(PAGE_LIKE.test(entry.name) && opensWithFrontMatter(path.join(root, entry.name)))) continue;
    reporter.warning(entry.name, 1, 1, "not-built", template
      ? `this template is not built: the blog runs no template (it could run code); write the page as Markdown in ${PAGES_FOLDER}/ (${PAGES_FOLDER}/${entry.name.replace(/\..*$/, "")}.md)`
      : `this page is not built: pages live in ${PAGES_FOLDER}/; move it to ${PAGES_FOLDER}/${entry.name.replace(/\.html?$/i, ".md")}${/\.html?$/i.test(entry.name) ? " (as Markdown; raw HTML is allowed in it)" : ""}`);
  }
}
