import type { CalendarDay } from "./dates.ts";
import { toSlug } from "./slugs.ts";

/**
 * Every URL the site has is made here. Permalinks are paths without the base path and not
 * percent-encoded (`/tags/segurança/`); `createUrls` turns one into the URL a page links to.
 */

/** Pages every site has. */
export const SITE_PERMALINKS = {
  home: "/", tags: "/tags/", search: "/busca/", feed: "/feed.xml", sitemap: "/sitemap.xml",
  robots: "/robots.txt", notFound: "/404.html", favicon: "/favicon.svg", archive: "/arquivo/",
} as const;

/** Folders the build fills: image versions, social cards, the search index. */
export const IMAGE_FOLDER = "img";
export const CARD_FOLDER = "social";
export const SEARCH_BUNDLE = "pagefind";

/** The home page's permalink for page `n` (1-based): `/`, `/page/2/`, … */
export function homePermalink(n: number): string {
  return n === 1 ? SITE_PERMALINKS.home : `/page/${n}/`;
}

/** The URL of one of the home page's pages, however many there are. */
export function isHomePermalink(permalink: string): boolean {
  return permalink === SITE_PERMALINKS.home || /^\/page\/[1-9]\d*\/$/.test(permalink);
}

/** A tag's own Atom feed, beside its page. */
export function tagFeedPermalink(slug: string): string {
  return `${tagPermalink(slug)}feed.xml`;
}

export function tagPermalink(slug: string): string {
  return `${SITE_PERMALINKS.tags}${slug}/`;
}

export function cardPermalink(name: string): string {
  return `/${CARD_FOLDER}/${name}`;
}

/** The folder of one part of the search index: the first is `pagefind/` (with Pagefind's UI), the others `pagefind-2/` … */
export function searchBundleFolder(shard = 0): string {
  return shard === 0 ? SEARCH_BUNDLE : `${SEARCH_BUNDLE}-${shard + 1}`;
}

export function searchBundlePermalink(shard = 0): string {
  return `/${searchBundleFolder(shard)}/`;
}

/** The stylesheet's permalink, named after its content so hosts may cache it for ever. */
export function stylesheetPermalink(hash: string): string {
  return `/style-${hash}.css`;
}

/** Whether a permalink is one the site always has or may have, whatever its posts and tags are. */
export function isSitePermalink(permalink: string): boolean {
  return (Object.values(SITE_PERMALINKS) as string[]).includes(permalink) || isHomePermalink(permalink)
    || /^\/style-[0-9a-f]+\.css$/.test(permalink);
}

/**
 * The file a permalink is written to, from the output folder's root: `/x/` → `/x/index.html`,
 * `/x.html` and `/feed.xml` as they are, `/x` → `/x.html` (hosts serve it at /x).
 */
export function outputFile(permalink: string): string {
  if (permalink.endsWith("/")) return `${permalink}index.html`;
  return /\.[A-Za-z0-9]+$/.test(permalink.slice(permalink.lastIndexOf("/"))) ? permalink : `${permalink}.html`;
}

/** Percent-encodes each segment of a URL path, so `#`, `?` and spaces in file names survive. */
export function encodePath(url: string): string {
  return url.split("/").map(encodeURIComponent).join("/");
}


/** True for a URL with a scheme (`https:`, `mailto:`, `javascript:`): not a path of the site. */
export function hasScheme(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/**
 * Two permalinks with one key are one file on some host: macOS and Windows file systems fold case,
 * and NFC and NFD spellings are one file name on macOS.
 */
export function urlKey(permalink: string): string {
  return permalink.normalize("NFC").toLowerCase();
}

/** Where the site is served when `_config.yml` does not say (the live preview's address). */
const LOCAL_ORIGIN = "http://localhost:8080";

export interface Urls {
  /** URL of a site path, with the base path and encoding applied. */
  url(permalink: string): string;
  /** The same, absolute (from `url` in _config.yml), for feeds, sitemaps and social cards. */
  absolute(url: string): string;
}

export function createUrls(config: { url: string; baseurl: string }): Urls {
  const origin = config.url || LOCAL_ORIGIN;
  return {
    url: (permalink) => config.baseurl + encodePath(permalink),
    absolute: (target) => (hasScheme(target) ? target : origin + (target.startsWith("/") ? target : `/${target}`)),
  };
}

// A permalink's segment: letters, digits, - _ . ~ and single spaces between words (Jekyll's category
// folders have them); never `.` or `..` alone, and no `?`, `#` or `%`.
const SEGMENT = String.raw`[\p{L}\p{N}\p{M}_~-][\p{L}\p{N}\p{M}_.~-]*(?: [\p{L}\p{N}\p{M}_.~-]+)*`;
/** A category name Jekyll's URL keeps as it is: one such segment. */
const PLAIN_CATEGORY = new RegExp(`^${SEGMENT}$`, "u");

/** Jekyll's `:slug`: the same words, lower case, and anything but letters and digits as `-`. */
export function lowerSlug(slug: string): string {
  return slug.toLowerCase().replace(/[^\p{L}\p{N}\p{M}]+/gu, "-").replace(/^-+|-+$/g, "");
}

/**
 * A category as Jekyll's `:categories` writes it: lower case, spaces kept ("Dev Ops" → /dev%20ops/,
 * jekyll/jekyll#5813); transliterated when it holds anything else (`?`, `#`, `/`, quotes …).
 */
function categorySlug(name: string): string {
  const lower = name.normalize("NFC").toLowerCase();
  return PLAIN_CATEGORY.test(lower) ? lower : toSlug(name);
}

/** Jekyll's permalink placeholders (jekyllrb.com/docs/permalinks/#placeholders). */
export function expandPermalink(pattern: string, meta: { day: CalendarDay; date: Date; slug: string; categories: string[] }): string | { unknown: string } {
  const { year, month, day } = meta.day;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const yDay = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 0)) / 86_400_000);
  const values: Record<string, string> = {
    year: String(year), month: pad(month), day: pad(day), i_month: String(month), i_day: String(day),
    short_year: pad(year % 100), y_day: pad(yDay, 3), title: meta.slug, slug: lowerSlug(meta.slug),
    categories: [...new Set(meta.categories.map(categorySlug).filter(Boolean))].join("/"), output_ext: ".html",
  };
  let unknown: string | undefined;
  const url = pattern.replace(/:([a-z_]+)/g, (whole, name: string) => {
    if (name in values) return values[name]!;
    unknown ??= whole;
    return whole;
  });
  return unknown ? { unknown } : url.replace(/\/{2,}/g, "/");
}

// Jekyll's three forms: `/x/` (a folder's index.html), `/x.html`, and `/x` (written as x.html and
// served at /x, as GitHub Pages serves it).
const PERMALINK = new RegExp(String.raw`^\/(?:${SEGMENT}\/)*(?:${SEGMENT})?$`, "u");

export function isSafePermalink(url: string): boolean {
  return PERMALINK.test(url) && !url.split("/").some((s) => s === "." || s === "..");
}

