import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Blog } from "../src/model.ts";
import { CARD_HEIGHT, CARD_WIDTH } from "../src/cards.ts";
import { labelsFor } from "../src/labels.ts";
import { type Html, html, raw } from "./html.ts";
import { hasScheme, SITE_PERMALINKS, stylesheetPermalink } from "../src/routes.ts";

/**
 * One small stylesheet for every page, named after its content so hosts may cache it for ever. It
 * is not inlined: Eleventy keeps every page it wrote in memory until the build ends, and the CSS
 * in 10,000 pages cost ~90 MiB.
 */
const STYLE_FILE = new URL("./style.css", import.meta.url);
let css = readFileSync(STYLE_FILE, "utf8");
let cssChanged = statSync(STYLE_FILE).mtimeMs;
const stylesheets = new Map<string, { css: string; permalink: string }>();

/** The live preview's: reads the stylesheet again when it was edited; true when it was. */
export function reloadStylesheet(): boolean {
  const { mtimeMs } = statSync(STYLE_FILE);
  if (mtimeMs === cssChanged) return false;
  [css, cssChanged] = [readFileSync(STYLE_FILE, "utf8"), mtimeMs];
  stylesheets.clear();
  return true;
}

/** Where the stylesheet is, for the preview to watch. */
export const STYLESHEET_FILE = fileURLToPath(STYLE_FILE);

/**
 * The stylesheet with the site's accent colour (`accent:`): as written for light pages, mixed with
 * white for dark ones so links stay readable on the dark background.
 */
export function siteStylesheet(accent: string): { css: string; permalink: string } {
  let sheet = stylesheets.get(accent);
  if (!sheet) {
    const text = accent === ACCENT ? css : css.replace(`--accent:${ACCENT}`, `--accent:${accent}`).replace("--accent:#58a6ff", `--accent:color-mix(in srgb,${accent} 45%,#fff)`);
    sheet = { css: text, permalink: stylesheetPermalink(createHash("sha256").update(text).digest("hex").slice(0, 10)) };
    stylesheets.set(accent, sheet);
  }
  return sheet;
}
const ACCENT = "#0b5cad";

/**
 * The site's icon: its name's first letter on the accent colour. Linked from every page, so no
 * browser asks for a `/favicon.ico` the site does not have (a 404 in every visitor's console).
 */
export function favicon(blog: Blog): string {
  const letter = [...blog.config.title.trim()][0]?.toUpperCase() ?? "B";
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${blog.config.accent}"/><text x="16" y="23" font-family="system-ui,sans-serif" font-size="20" font-weight="700" text-anchor="middle" fill="#fff">${letter}</text></svg>
`.value;
}

export interface PageOptions {
  title: string;
  description?: string;
  /** The page's URL (with the base path), for the canonical link, Open Graph and navigation. */
  url: string;
  type?: "website" | "article";
  /** Site path or absolute URL of the page's image, for social cards. */
  image?: string;
  /** Set when the image is the generated card, whose size is known. */
  card?: boolean;
  /** Structured data (schema.org), written as JSON-LD. */
  jsonLd?: Record<string, unknown>;
  content: Html;
  /** Markup for the end of <head> (the search page's script). */
  head?: Html;
  /** The page's language, when not the site's (a post's `lang:`). */
  lang?: string;
}

/** A site path of a setting (`/css/meu.css`) with the base path; an http(s) address as written. */
function siteUrl(blog: Blog, url: string): string {
  return hasScheme(url) ? url : blog.url(url);
}

/** GoatCounter's or Plausible's script, deferred, on every page; nothing when neither is set. */
function analytics({ goatcounter, plausible }: Blog["config"]["analytics"]): Html | string {
  return html`${goatcounter ? html`<script data-goatcounter="https://${goatcounter}.goatcounter.com/count" async src="https://gc.zgo.at/count.js"></script>` : ""}${
    plausible ? html`<script defer data-domain="${plausible}" src="https://plausible.io/js/script.js"></script>` : ""}`;
}

/** JSON inside <script>: `<` is escaped so no value can close the element (`</script>`). */
function jsonLd(data: Record<string, unknown>): Html {
  return raw(JSON.stringify(data).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029"));
}

/** The shell every page shares: metadata for search engines and social cards, header, footer. */
export function basePage(blog: Blog, page: PageOptions): string {
  const { config } = blog;
  const fullTitle = page.title === config.title ? page.title : `${page.title} · ${config.title}`;
  const canonical = blog.absolute(page.url);
  const image = page.image ? blog.absolute(page.image) : undefined;
  // The author's pages that ask for a place in the menu (`menu:`), in their order, between home and tags.
  const menuPages = blog.pages.filter((p) => p.menu).sort((a, b) => a.menu!.order - b.menu!.order || a.menu!.title.localeCompare(b.menu!.title, "pt"));
  const t = labelsFor(page.lang ?? config.lang);
  const nav = [
    { label: t.home, url: blog.url(SITE_PERMALINKS.home) },
    ...menuPages.map((p) => ({ label: p.menu!.title, url: p.url })),
    { label: t.archive, url: blog.url(SITE_PERMALINKS.archive) },
    { label: t.tags, url: blog.url(SITE_PERMALINKS.tags) }, { label: t.search, url: blog.url(SITE_PERMALINKS.search) },
    ...config.nav.map((item) => ({ label: item.title, url: siteUrl(blog, item.url) })),
  ];
  const { logo } = blog.extras;
  return html`<!DOCTYPE html>
<html lang="${page.lang ?? config.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ""}
<link rel="canonical" href="${canonical}">
<link rel="alternate" type="application/atom+xml" title="${config.title}" href="${blog.url(SITE_PERMALINKS.feed)}">
<meta property="og:site_name" content="${config.title}">
<meta property="og:locale" content="${(page.lang ?? config.lang).replace("-", "_")}">
<meta property="og:type" content="${page.type ?? "website"}">
<meta property="og:title" content="${page.title}">
<meta property="og:url" content="${canonical}">
${page.description ? html`<meta property="og:description" content="${page.description}">` : ""}
${image ? html`<meta property="og:image" content="${image}">` : ""}
${image && page.card ? html`<meta property="og:image:width" content="${CARD_WIDTH}"><meta property="og:image:height" content="${CARD_HEIGHT}"><meta property="og:image:alt" content="${page.title}">` : ""}
<meta name="twitter:card" content="${image ? "summary_large_image" : "summary"}">
${page.jsonLd ? html`<script type="application/ld+json">${jsonLd(page.jsonLd)}</script>` : ""}
<link rel="icon" href="${blog.url(SITE_PERMALINKS.favicon)}" type="image/svg+xml">
<link rel="stylesheet" href="${blog.url(siteStylesheet(config.accent).permalink)}">
${config.stylesheet ? html`<link rel="stylesheet" href="${siteUrl(blog, config.stylesheet)}">` : ""}
${page.head ?? ""}
${analytics(config.analytics)}
${raw(blog.extras.head)}
</head>
<body>
<a class="skip" href="#conteudo">${t.skipToContent}</a>
<header class="site"><div class="wrap">
<a class="brand" href="${blog.url("/")}">${logo ? html`<img src="${logo.url}" alt=""${logo.width && logo.height ? html` width="${Math.round((logo.width * 32) / logo.height)}" height="32"` : raw(' height="32"')}>` : ""}${config.title}</a>
<nav aria-label="${t.mainMenu}">${nav.map((item) => html`<a href="${item.url}"${item.url === page.url ? raw(' aria-current="page"') : ""}>${item.label}</a>`)}</nav>
<form class="search" role="search" action="${blog.url(SITE_PERMALINKS.search)}"><label class="sr-only" for="q">${t.searchLabel}</label><input id="q" name="q" type="search" placeholder="${t.searchExample}"><button type="submit">${t.searchLabel}</button></form>
</div></header>
<main id="conteudo" class="wrap">
${page.content}
</main>
<footer class="site"><div class="wrap">${config.title}${config.author ? html` · ${config.author}` : ""} · <a href="${blog.url(SITE_PERMALINKS.feed)}">${t.feed}</a>${blog.extras.footer ? html`
${raw(blog.extras.footer)}` : ""}</div></footer>
</body>
</html>
`.value;
}
