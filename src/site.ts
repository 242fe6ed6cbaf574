import { existsSync } from "node:fs";
import path from "node:path";
import { closest, distance } from "fastest-levenshtein";
import yaml from "js-yaml";
import { quoteValue, type Reporter } from "./diagnostics.ts";
import { isSymlink, readRegularFile } from "./files.ts";
import { findKeyLines, reportDuplicateKeys } from "./frontmatter.ts";
import { isLanguageTag } from "./language.ts";
import { expandPermalink, isSafePermalink } from "./routes.ts";
import { decodeSource } from "./source.ts";
import { loadYaml } from "./yaml.ts";

/** Site-wide settings, read from `_config.yml` with Jekyll's key names. */
export interface SiteConfig {
  title: string;
  description: string;
  /** Absolute origin of the published site, e.g. `https://example.com` (no trailing slash). */
  url: string;
  /** Path prefix for every URL, e.g. `/blog` for a GitHub Pages project site; `""` for none. */
  baseurl: string;
  /** Jekyll permalink pattern for posts. */
  permalink: string;
  /** IANA time zone in which dates from file names are calendar days. */
  timezone: string;
  lang: string;
  author: string;
  /** Folders (relative to the site root) whose files are copied as they are. */
  static: string[];
  /** Jekyll's `excerpt_separator`: the excerpt is the text before it (besides `<!--more-->`). */
  excerpt_separator: string;
  /** Draw a social card for each post without an `image:` (src/cards.ts). */
  social_cards: boolean;
  /** The one accent colour of links, the favicon and the social cards (`#0b5cad`). */
  accent: string;
  /** An image shown before the title in the header: a site path (`/images/logo.png`) or an http(s) URL. */
  logo: string;
  /** More menu entries, after the pages that ask for one: `[{ title: GitHub, url: https://github.com/ana }]`. */
  nav: { title: string; url: string }[];
  /** A stylesheet of the author's (a site path), loaded after ours. */
  stylesheet: string;
  /** giscus comments under each post (its script loaded only there, lazily); off without `repo`. */
  comments: { repo: string; repo_id: string; category: string; category_id: string; mapping: string } | undefined;
  /** Analytics: GoatCounter's code or Plausible's domain; nothing by default. */
  analytics: { goatcounter?: string; plausible?: string };
  /**
   * How a link or image to a file the site does not have is reported (Hugo's refLinksErrorLevel):
   * an error for a new blog, a warning for an imported one that already had broken references.
   */
  broken_links: "error" | "warning";
  /**
   * Write `.br` and `.gz` copies beside every text file, for hosts that serve them as they are
   * (nginx `gzip_static`, Caddy `precompressed`). Off by default: GitHub Pages, Netlify, Cloudflare
   * Pages and Vercel compress on the fly, and would publish the copies as plain files.
   */
  precompress: boolean;
  /** Posts per home page (jekyll-paginate's `paginate`). */
  paginate: number;
  /** Run the posts' Jekyll Liquid in LiquidJS's sandbox (src/liquidjs.ts); off, Markdown is content. */
  liquid: boolean;
  /**
   * Jekyll's `markdown:`: `kramdown` (Jekyll's default, which `npm run import` writes) reads HTML
   * blocks as kramdown does; `gfm` (a new blog's) as GitHub's preview does.
   */
  markdown: "gfm" | "kramdown";
  /** kramdown's settings that change what a post shows: its quotes, and line numbers on every code block. */
  kramdown: { smartQuotes: string; lineNumbers: boolean };
  /** The whole of `_config.yml`, as Liquid's `site.*` shows it. */
  jekyll: Record<string, unknown>;
}

export const CONFIG_FILE = "_config.yml";

export const defaultSiteConfig: SiteConfig = {
  title: "Blog",
  description: "",
  url: "",
  baseurl: "",
  permalink: "/:year/:month/:day/:title/",
  timezone: "America/Sao_Paulo",
  lang: "pt-BR",
  author: "",
  static: ["images"],
  excerpt_separator: "",
  social_cards: true,
  broken_links: "error",
  accent: "#0b5cad",
  logo: "",
  nav: [],
  stylesheet: "",
  comments: undefined,
  analytics: {},
  precompress: false,
  paginate: 10,
  liquid: false,
  markdown: "gfm",
  kramdown: { smartQuotes: "“”‘’", lineNumbers: false },
  jekyll: {},
};

// Jekyll's named permalink styles (jekyllrb.com/docs/permalinks/#built-in-formats).
const PERMALINK_STYLES: Record<string, string> = {
  pretty: "/:categories/:year/:month/:day/:title/",
  date: "/:categories/:year/:month/:day/:title:output_ext",
  ordinal: "/:categories/:year/:y_day/:title:output_ext",
  none: "/:categories/:title:output_ext",
};

/**
 * Settings the command line gives for one build (`--url`, `--pathprefix`), over `_config.yml`:
 * a deploy workflow knows where the site will live.
 */
export interface SiteOverrides {
  url?: string;
  baseurl?: string;
}

const KNOWN_SETTINGS = Object.keys(defaultSiteConfig).filter((key) => key !== "jekyll");
/** Jekyll's own settings, which mean nothing here (its build, plugins and theme): read quietly. */
const JEKYLL_SETTINGS = new Set([
  "plugins", "gems", "theme", "remote_theme", "highlighter", "exclude", "include", "keep_files", "collections", "defaults",
  "sass", "paginate_path", "future", "show_drafts", "incremental", "safe", "source", "destination", "encoding", "repository",
  "github", "whitelist", "markdown_ext", "strict_front_matter", "limit_posts", "feed", "jekyll-archives", "port", "host",
]);

/** `_config.yml` is settings, not content: no real one comes near this. */
export const MAX_CONFIG_BYTES = 1 * 2 ** 20;

/** Where a command-line setting is blamed: the option that gave it. */
const OVERRIDE_OPTIONS: Record<keyof SiteOverrides, string> = { url: "--url", baseurl: "--pathprefix" };

/** Reads `_config.yml` when the site has one, then applies the command line's settings over it. */
export function loadSiteConfig(root: string, reporter: Reporter, overrides: SiteOverrides = {}): SiteConfig {
  const config = readConfigFile(root, reporter);
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined && value !== ""));
  if (Object.keys(given).length === 0) return config;
  // Checked as _config.yml's values are, but blamed on the option that gave them.
  const overridden = normalizeSiteConfig({ ...config, ...given }, reporter, {}, (key) => OVERRIDE_OPTIONS[key as keyof SiteOverrides]);
  // What is read from a raw value (the whole file for Liquid, kramdown's entity names) stays as read.
  return { ...overridden, kramdown: config.kramdown, jekyll: config.jekyll };
}

function readConfigFile(root: string, reporter: Reporter): SiteConfig {
  const file = path.join(root, CONFIG_FILE);
  if (!existsSync(file) && !isSymlink(file)) return { ...defaultSiteConfig };
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!("bytes" in read)) {
    reporter.error(CONFIG_FILE, 1, 1, read.code === "too-large" ? "too-large" : "config-unreadable",
      `${CONFIG_FILE} was not read: ${read.message}`);
    return { ...defaultSiteConfig };
  }
  const source = decodeSource(read.bytes, CONFIG_FILE, reporter);
  if (source === undefined) return { ...defaultSiteConfig };
  let data: unknown;
  try {
    data = loadYaml(source, CONFIG_FILE);
  } catch (err) {
    const mark = err instanceof yaml.YAMLException ? err.mark : undefined;
    reporter.error(CONFIG_FILE, (mark?.line ?? 0) + 1, (mark?.column ?? 0) + 1, "config-yaml",
      `${CONFIG_FILE} is not valid YAML: ${err instanceof yaml.YAMLException ? err.reason : String(err)}`);
    return { ...defaultSiteConfig };
  }
  reportDuplicateKeys(CONFIG_FILE, source, reporter);
  return normalizeSiteConfig(data ?? {}, reporter, findKeyLines(source));
}

export function normalizeSiteConfig(
  data: unknown, reporter: Reporter, keyLines: Record<string, number> = {}, option?: (key: string) => string | undefined,
): SiteConfig {
  const config = { ...defaultSiteConfig };
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    reporter.error(CONFIG_FILE, 1, 1, "config-shape", `${CONFIG_FILE} must be a mapping of keys to values`);
    return config;
  }
  const record = data as Record<string, unknown>;
  const bad = (key: string, expected: string) => {
    const given = option?.(key);
    if (given) reporter.error(given, 0, 0, "config-value", `${given} must be ${expected}; found ${quoteValue(record[key])}`);
    else {
      reporter.error(CONFIG_FILE, keyLines[key] ?? 1, keyLines[key] ? key.length + 3 : 1, "config-value",
        `"${key}" in ${CONFIG_FILE} must be ${expected}; found ${quoteValue(record[key])}`);
    }
  };
  for (const key of ["title", "description", "url", "baseurl", "permalink", "timezone", "lang", "author", "excerpt_separator"] as const) {
    if (record[key] === undefined || record[key] === null) continue;
    if (typeof record[key] !== "string") bad(key, "a string");
    else config[key] = record[key];
  }
  readLook(record, config, (key, message) => reporter.warning(CONFIG_FILE, keyLines[key] ?? 1, 1, "config-value", message));
  if (record.social_cards !== undefined && record.social_cards !== null) {
    if (typeof record.social_cards === "boolean") config.social_cards = record.social_cards;
    else bad("social_cards", "true or false");
  }
  if (record.paginate !== undefined && record.paginate !== null) {
    if (Number.isInteger(record.paginate) && (record.paginate as number) >= 1 && (record.paginate as number) <= 1000) config.paginate = record.paginate as number;
    else bad("paginate", "a whole number of posts per page, from 1 to 1000");
  }
  if (record.precompress !== undefined && record.precompress !== null) {
    if (typeof record.precompress === "boolean") config.precompress = record.precompress;
    else bad("precompress", "true or false");
  }
  if (record.liquid !== undefined && record.liquid !== null) {
    if (typeof record.liquid === "boolean") config.liquid = record.liquid;
    else bad("liquid", "true or false");
  }
  if (record.markdown !== undefined && record.markdown !== null) {
    // Jekyll's other engines (CommonMark, GFM through jekyll-commonmark) read Markdown as GitHub does.
    if (typeof record.markdown === "string") config.markdown = record.markdown.toLowerCase() === "kramdown" ? "kramdown" : "gfm";
    else bad("markdown", "kramdown or gfm");
  }
  config.jekyll = record;
  // With Liquid on, any key is a value for `site.*`; without, one this blog does not read is said.
  if (!config.liquid && !option) {
    for (const key of Object.keys(record)) {
      if (key in defaultSiteConfig && key !== "jekyll") continue;
      if (JEKYLL_SETTINGS.has(key)) continue;
      const near = closest(key, KNOWN_SETTINGS);
      reporter.warning(CONFIG_FILE, keyLines[key] ?? 1, 1, "unknown-setting", distance(key, near) <= 2
        ? `"${key}" is not a setting this blog reads; did you mean "${near}"?`
        : `"${key}" is not a setting this blog reads; it is ignored (docs/configurar.md lists the settings)`);
    }
  }
  config.kramdown = readKramdown(record.kramdown, bad);
  if (record.broken_links !== undefined && record.broken_links !== null) {
    if (record.broken_links === "error" || record.broken_links === "warning") config.broken_links = record.broken_links;
    else bad("broken_links", "error or warning");
  }
  if (record.static !== undefined) {
    const list = record.static;
    if (Array.isArray(list) && list.every((d) => typeof d === "string" && isPlainFolder(d))) config.static = list;
    else bad("static", `a list of folder names inside the site, such as [images, assets], none of them ${RESERVED_FOLDERS.join(", ")} or a dot-folder`);
  }
  // An invalid value is reported once and replaced by the default, so the build goes on to find the rest.
  config.url = config.url.replace(/\/+$/, "");
  if (config.url !== "" && !isOrigin(config.url)) {
    bad("url", 'an origin such as "https://example.com"');
    config.url = defaultSiteConfig.url;
  }
  config.baseurl = config.baseurl.replace(/\/+$/, "");
  if (config.baseurl !== "" && !config.baseurl.startsWith("/")) config.baseurl = `/${config.baseurl}`;
  if (config.baseurl !== "" && (!/^(\/[A-Za-z0-9._~-]+)+$/.test(config.baseurl) || /\/\.\.?(?:\/|$)/.test(config.baseurl))) {
    bad("baseurl", 'a path such as "/blog"');
    config.baseurl = defaultSiteConfig.baseurl;
  }
  config.permalink = PERMALINK_STYLES[config.permalink] ?? config.permalink;
  // Checked once here, on a sample post, so that a mistake is one diagnostic at its line, not one per post.
  const sample = expandPermalink(config.permalink, { day: { year: 2024, month: 1, day: 31 }, date: new Date(Date.UTC(2024, 0, 31)), slug: "exemplo", categories: [] });
  if (typeof sample !== "string" || !isSafePermalink(sample)) {
    bad("permalink", typeof sample === "string"
      ? `a safe URL path pattern (it makes "${sample}": start it with "/", no "..")`
      : `a pattern of known placeholders (:year, :month, :day, :title, :categories …), not ${sample.unknown}`);
    config.permalink = defaultSiteConfig.permalink;
  }
  if (!isLanguageTag(config.lang)) {
    bad("lang", "a language tag such as pt-BR, pt or en");
    config.lang = defaultSiteConfig.lang;
  }
  if (!isTimeZone(config.timezone)) {
    bad("timezone", 'an IANA time zone such as "America/Sao_Paulo"');
    config.timezone = defaultSiteConfig.timezone;
  }
  return config;
}

const SITE_PATH_OR_URL = /^(?:\/(?!\/)[^\s"'<>]*|https?:\/\/[^\s"'<>]+)$/;

/** A path of the site (`/images/logo.png`) or an http(s) address, as a setting or `_data/` may give one for a page to show. */
export function isSitePathOrUrl(value: string): boolean {
  return SITE_PATH_OR_URL.test(value);
}

/** The settings of the blog's look and its extras: accent colour, logo, menu, stylesheet, comments, analytics. */
function readLook(record: Record<string, unknown>, config: SiteConfig, warn: (key: string, message: string) => void): void {
  // A value these settings cannot use is a warning, and the default stays: a Jekyll theme's own
  // `logo:`, `nav:` or `comments:` (other shapes) must not stop an imported blog.
  const bad = (key: string, expected: string) => warn(key, `"${key}" in ${CONFIG_FILE} must be ${expected}; found ${quoteValue(record[key])}: it is ignored`);
  const { accent, logo, nav, stylesheet, comments, analytics } = record;
  if (accent !== undefined && accent !== null) {
    if (typeof accent === "string" && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(accent)) {
      config.accent = accent.length === 4 ? `#${[...accent.slice(1)].map((c) => c + c).join("")}` : accent.toLowerCase();
      const ratio = contrast(config.accent, "#ffffff");
      if (ratio < 4.5) {
        warn("accent", `accent ${accent} has a contrast of ${ratio.toFixed(1)}:1 on white, under the 4.5:1 links need to be read; choose a darker colour`);
      }
    } else bad("accent", 'a colour such as "#0b5cad"');
  }
  for (const [key, value] of [["logo", logo], ["stylesheet", stylesheet]] as const) {
    if (value === undefined || value === null || value === "") continue;
    if (typeof value === "string" && SITE_PATH_OR_URL.test(value)) config[key] = value;
    else bad(key, 'a path of the site such as "/images/logo.png", or an https:// address');
  }
  if (nav !== undefined && nav !== null) {
    const entries = Array.isArray(nav) ? nav : [];
    const valid = entries.every((e) => typeof e === "object" && e !== null && typeof (e as { title?: unknown }).title === "string"
      && typeof (e as { url?: unknown }).url === "string" && SITE_PATH_OR_URL.test((e as { url: string }).url));
    if (Array.isArray(nav) && valid) config.nav = entries.map((e) => ({ title: (e as { title: string }).title, url: (e as { url: string }).url }));
    else bad("nav", "a list of entries such as - { title: GitHub, url: https://github.com/ana }");
  }
  if (comments === true) warn("comments", 'comments: true turns on nothing by itself: comments are giscus\'s, with its settings (provider: giscus, repo, repo_id, category, category_id; giscus.app gives them)');
  if (comments !== undefined && comments !== null && typeof comments !== "boolean") {
    const c = comments as Record<string, unknown>;
    const text = (key: string) => (typeof c[key] === "string" && c[key] !== "" ? (c[key] as string) : undefined);
    const [repo, repoId, category, categoryId] = [text("repo"), text("repo_id"), text("category"), text("category_id")];
    if (typeof comments === "object" && (c.provider === undefined || c.provider === "giscus") && repo && /^[\w.-]+\/[\w.-]+$/.test(repo) && repoId && category && categoryId) {
      config.comments = { repo, repo_id: repoId, category, category_id: categoryId, mapping: text("mapping") ?? "pathname" };
    } else bad("comments", "giscus's settings: provider: giscus, repo: ana/blog, repo_id, category and category_id (giscus.app gives them)");
  }
  if (analytics !== undefined && analytics !== null && !(typeof analytics === "object" && Object.keys(analytics).length === 0)) {
    const a = analytics as Record<string, unknown>;
    const goatcounter = typeof a.goatcounter === "string" && /^[a-z0-9-]+$/i.test(a.goatcounter) ? a.goatcounter : undefined;
    const plausible = typeof a.plausible === "string" && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(a.plausible) ? a.plausible : undefined;
    if (typeof analytics === "object" && (goatcounter || plausible) && Object.keys(a).every((k) => k === "goatcounter" || k === "plausible")) {
      config.analytics = { goatcounter, plausible };
    } else bad("analytics", "goatcounter: <your code> or plausible: <your domain> (anything else goes in _includes/head.html)");
  }
}

/** A #rrggbb colour's red, green and blue, 0–255. */
export function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG's contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = rgbOf(hex).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x! + 0.05) / (y! + 0.05);
}

// kramdown's `smart_quotes` entities, by name (kramdown.gettalong.org/options.html).
const QUOTE_ENTITIES: Record<string, string> = {
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", sbquo: "‚", bdquo: "„", laquo: "«", raquo: "»", lsaquo: "‹", rsaquo: "›",
  apos: "'", quot: '"',
};

/**
 * Jekyll's `kramdown:` settings that change the text: `smart_quotes` (four entity names, or our
 * Portuguese default) and `syntax_highlighter_opts.block.line_numbers`.
 */
function readKramdown(value: unknown, bad: (key: string, expected: string) => void): SiteConfig["kramdown"] {
  // kramdown's default quotes, “ ” and ‘ ’, are also the ones Brazilian Portuguese writes.
  const kramdown = { ...defaultSiteConfig.kramdown };
  if (typeof value !== "object" || value === null) return kramdown;
  const settings = value as { smart_quotes?: unknown; syntax_highlighter_opts?: { block?: { line_numbers?: unknown } } };
  if (settings.smart_quotes !== undefined) {
    const names = typeof settings.smart_quotes === "string" ? settings.smart_quotes.split(",").map((n) => n.trim()) : [];
    // kramdown's order: left single, right single, left double, right double.
    const quotes = names.map((n) => (/^\d+$/.test(n) ? String.fromCodePoint(Number(n)) : QUOTE_ENTITIES[n]));
    if (quotes.length === 4 && quotes.every((q) => q !== undefined)) kramdown.smartQuotes = `${quotes[2]}${quotes[3]}${quotes[0]}${quotes[1]}`;
    else bad("kramdown", "a mapping whose smart_quotes is four quote entities, such as lsquo,rsquo,ldquo,rdquo");
  }
  kramdown.lineNumbers = settings.syntax_highlighter_opts?.block?.line_numbers === true;
  return kramdown;
}

/**
 * Folders that are never static content nor an import's target: the generator's own (their files
 * would be published or run as ours), its output, its dependencies. Dot-folders never are either.
 */
export const RESERVED_FOLDERS = ["posts", "src", "test", "bin", "layouts", "scripts", "docs", "node_modules", "_site"] as const;

/** A folder name `static:` accepts: plain, inside the site, none of the reserved ones (nor `_site.*`). */
export function isPlainFolder(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name) && !(RESERVED_FOLDERS as readonly string[]).includes(name) && !name.startsWith("_site.");
}

/** `https://host[:port]` and nothing else: it is written into feeds, sitemaps and robots.txt. */
function isOrigin(url: string): boolean {
  if (!/^https?:\/\/[A-Za-z0-9.:[\]-]+$/.test(url)) return false;
  try {
    return new URL(url).origin === url.toLowerCase();
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
