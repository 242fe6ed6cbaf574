import type { Code } from "./codes.ts";
import { closest, distance } from "fastest-levenshtein";
import { quoteValue, type Reporter } from "./diagnostics.ts";
import { type CalendarDay, type DateFormat, isValidDay, parseDateValue, startOfDay } from "./dates.ts";
import { type FrontMatter, findKeyLines } from "./frontmatter.ts";
import type { SiteConfig } from "./site.ts";
import { isLanguageTag } from "./language.ts";
import { expandPermalink, isSafePermalink, urlKey } from "./routes.ts";
import { toSlug } from "./slugs.ts";

/** A post's front matter and file name, normalised: nothing stringly-typed is left. */
export interface PostMeta {
  /** Site-relative source path, e.g. `posts/2024-1-31-aws-network.md`. */
  file: string;
  title: string;
  date: Date;
  /** The calendar day of `date` in the site's time zone. */
  day: CalendarDay;
  slug: string;
  /** As this post writes them; the tag index decides the shown spelling. */
  tags: string[];
  categories: string[];
  layout: string;
  /** Output URL path without the site's base path, e.g. `/2024/01/31/aws-network/`. */
  permalink: string;
  /** Front matter `description` (or Jekyll's `excerpt`), used as the excerpt. */
  description?: string;
  /** Front matter `image`, as written (an absolute URL or a site path), for social cards. */
  image?: string;
  /** `published: false` (Jekyll) or `draft: true`, or in a `_drafts/` folder: left out of the built site, shown in the preview. */
  draft: boolean;
  /** `hidden: true` (Jekyll's pagination): built at its URL, but listed nowhere. */
  hidden: boolean;
  /** Front matter `lang`, for a post in another language than the site's. */
  lang?: string;
  /** jekyll-redirect-from's `redirect_from`: old URL paths that should lead here. */
  redirectFrom: string[];
  /** Front matter `author`: a name, or a key of `_data/authors.yml`. */
  author?: string;
  /** `comments: false` keeps the site's comments (giscus) off this post. */
  comments: boolean;
  /** The series the post is a part of (`series: Kubernetes do zero`), and its place in it. */
  series?: string;
  seriesOrder?: number;
  /** jekyll-redirect-from's `redirect_to`: the post moved there (an http(s) URL or a site path); its page leads there. */
  redirectTo?: string;
  /** Where each tag is written (parallel to `tags`), for diagnostics. */
  tagPositions: Position[];
  /** Line of each front-matter key, for diagnostics. */
  keyLines: Record<string, number>;
}

export interface Position {
  line: number;
  column: number;
}

export const LAYOUTS = ["post"] as const;

/** Tags one post may have: each is a page, so a runaway list would make a runaway site. */
export const MAX_TAGS = 200;


/**
 * The front matter a post may have: each key with the value it takes. `flag` (true or false) and
 * `text` (a string) are checked by kind here, the rest by `normalizePost` below; `accepted` keys are
 * Jekyll's common ones, kept quietly for Jekyll's sake. Any other key is an `unknown-key` warning.
 */
const FRONT_MATTER = {
  title: "title", date: "date", slug: "slug", layout: "layout", permalink: "permalink",
  published: "flag", draft: "flag", hidden: "flag",
  description: "text", excerpt: "text", image: "image", lang: "text", series: "text", series_order: "accepted",
  tags: "names", categories: "names", category: "names", redirect_from: "names", redirect_to: "redirect",
  tag: "accepted", author: "accepted", last_modified_at: "accepted", comments: "accepted", toc: "accepted",
  math: "accepted", sitemap: "accepted", excerpt_separator: "accepted",
} as const;
type KeyOfKind<K> = { [P in keyof typeof FRONT_MATTER]: (typeof FRONT_MATTER)[P] extends K ? P : never }[keyof typeof FRONT_MATTER];
const KNOWN_KEYS = Object.keys(FRONT_MATTER);

/** A post's file extension: Jekyll's Markdown ones. */
const POST_EXTENSION = /\.(?:md|markdown)$/;
const POST_FILE = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)${POST_EXTENSION.source}`);
// A URL segment as written: letters (accented ones too), digits, `-`, `_`, `.`.
const SAFE_SLUG = /^[\p{L}\p{N}_][\p{L}\p{N}\p{M}_.-]*$/u;
export type ParsedFilename =
  | { kind: "dated"; day: CalendarDay; slug: string }
  | { kind: "bad-date"; day: CalendarDay; slug: string }
  | { kind: "undated"; slug: string };

/** Jekyll's `YYYY-M-D-slug.md`, with unpadded month and day accepted. */
export function parsePostFilename(name: string): ParsedFilename {
  const m = POST_FILE.exec(name);
  if (!m) return { kind: "undated", slug: fileSlug(postStem(name)) };
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return { kind: isValidDay(day) ? "dated" : "bad-date", day, slug: fileSlug(m[4]!) };
}

/**
 * The file name's slug as Jekyll's `:title` makes it (`Utils.slugify`, "pretty" mode, case kept):
 * letters (accented ones kept), digits, `.`, `_` and `-` stay, every other run becomes one `-`
 * (`Introdução ao Go` → `Introdução-ao-Go`). Characters a URL would have to escape (`?`, `#`, `%`,
 * `&`…) are not kept, as Jekyll's pretty mode would keep some of them.
 */
export function fileSlug(text: string): string {
  const slug = text.normalize("NFC").replace(/[^\p{L}\p{N}\p{M}._-]+/gu, "-").replace(/^[-.]+|-+$/g, "");
  return SAFE_SLUG.test(slug) ? slug : toSlug(text);
}

export function isPostFile(path: string): boolean {
  return POST_EXTENSION.test(path);
}

/** A post's path without its extension: `posts/2024-1-31-x.md` → `posts/2024-1-31-x`. */
export function postStem(path: string): string {
  return path.replace(POST_EXTENSION, "");
}

/** Jekyll's drafts folder: its posts are drafts, dated by their file when they have no date. */
export function isDraftFile(path: string): boolean {
  return path.split("/").includes("_drafts");
}

/** Jekyll's titleize_slug: each word of the slug capitalised (the rest lower case), joined by spaces. */
function titleFromSlug(slug: string): string {
  return slug.split("-").map((word) => word.charAt(0).toLocaleUpperCase("pt-BR") + word.slice(1).toLocaleLowerCase("pt-BR")).join(" ");
}

/** Reads one post's front matter into a PostMeta, reporting every problem; undefined if unusable. */
export function normalizePost(
  file: string, frontMatter: FrontMatter, source: string, config: SiteConfig, dates: DateFormat, reporter: Reporter,
  modified?: Date,
): PostMeta | undefined {
  const { data } = frontMatter;
  const keyLines = findKeyLines(source, frontMatter.bodyLine);
  const at = (key: string) => keyLines[key] ?? 1;
  let ok = true;
  const error = (key: string, code: Code, message: string) => {
    ok = false;
    reporter.error(file, at(key), keyLines[key] ? key.length + 3 : 1, code, message);
  };

  const name = file.slice(file.lastIndexOf("/") + 1);
  const parsed = parsePostFilename(name);
  const inDrafts = isDraftFile(file);
  if (parsed.kind === "bad-date") {
    const { year, month, day } = parsed.day;
    reporter.error(file, 1, 1, "filename-date",
      `the file name's date ${year}-${month}-${day} does not exist; rename the file to a real date (YYYY-M-D-slug.md)`);
    ok = false;
  }

  const fileDate = parsed.kind === "dated" ? startOfDay(parsed.day, config.timezone) : undefined;
  let date = fileDate;
  if (data.date !== undefined && data.date !== null) {
    const value = typeof data.date === "string" ? parseDateValue(data.date, config.timezone) : undefined;
    if (value) date = value;
    else error("date", "date", `date ${quoteValue(data.date)} is not a valid date; write it as YYYY-MM-DD or "YYYY-MM-DD HH:MM:SS -0300"`);
  } else if (parsed.kind === "undated" && inDrafts && modified) {
    // Jekyll dates a draft by its file's last change.
    date = modified;
  } else if (parsed.kind === "undated") {
    // As Jekyll does: a file in posts/ without a date is not a post.
    reporter.warning(file, 1, 1, "filename-date",
      `the file name has no date, so it is not published (as Jekyll skips it); name it YYYY-M-D-slug.md (e.g. 2024-1-31-${parsed.slug}.md) or add a "date:" to its front matter`);
    return undefined;
  }

  // A title Jekyll would show is shown: text, or a number or true/false as its text. Without one (or
  // with one that is empty or a list), the title is made from the file name (aws-network → "Aws
  // Network"), as Jekyll makes it, and said.
  let title = typeof data.title === "string" ? data.title.trim()
    : typeof data.title === "number" || typeof data.title === "boolean" ? String(data.title) : "";
  if (title === "") {
    title = titleFromSlug(parsed.slug);
    if (data.title === undefined || data.title === null) {
      reporter.warning(file, 1, 1, "title-missing",
        `the post has no title, so it is titled "${title}" after its file name, as Jekyll titles it; add "title: …" to its front matter`);
    } else if (typeof data.title === "string") {
      reporter.warning(file, at("title"), 8, "title-empty", `the title is empty, so the post is titled "${title}" after its file name; write it after "title:"`);
    } else {
      reporter.warning(file, at("title"), 8, "title-type", `the title must be text, found ${quoteValue(data.title)}; the post is titled "${title}" after its file name: put the title in quotes`);
    }
  }

  let slug = parsed.slug;
  if (data.slug !== undefined) {
    if (typeof data.slug === "string" && SAFE_SLUG.test(data.slug)) slug = data.slug;
    else error("slug", "slug", `slug ${quoteValue(data.slug)} must be letters, digits, "-", "_" or "."`);
  }

  // Each key by its kind in FRONT_MATTER: unknown ones warned about, flags and texts checked here.
  const flags: Partial<Record<KeyOfKind<"flag">, boolean>> = {};
  const texts: Partial<Record<KeyOfKind<"text">, string>> = {};
  for (const [key, value] of Object.entries(data)) {
    const kind = (FRONT_MATTER as Record<string, string>)[key];
    if (kind === undefined) {
      // With Liquid on, a key the post shows as `{{ page.KEY }}` is the author's variable.
      if (config.liquid && source.includes(`page.${key}`)) continue;
      const near = closest(key, KNOWN_KEYS);
      reporter.warning(file, at(key), 1, "unknown-key", distance(key, near) <= 2
        ? `front-matter key "${key}" is not one this blog reads; did you mean "${near}"?`
        : `front-matter key "${key}" is not one this blog reads; it is ignored`);
    } else if (value === undefined || value === null) continue;
    else if (kind === "flag") {
      // Jekyll unpublishes only on the boolean `published: false`: any other value is read as not set.
      if (typeof value === "boolean") flags[key as KeyOfKind<"flag">] = value;
      else {
        reporter.warning(file, at(key), keyLines[key] ? key.length + 3 : 1, "flag",
          `${key} must be true or false, found ${quoteValue(value)}, which is not read as true or false (as Jekyll reads it): it is ignored; write it without quotes`);
      }
    } else if (kind === "text") {
      if (typeof value === "string") texts[key as KeyOfKind<"text">] = value.trim();
      else if (typeof value === "number" || typeof value === "boolean") texts[key as KeyOfKind<"text">] = String(value);
      else {
        reporter.warning(file, at(key), keyLines[key] ? key.length + 3 : 1, `${key as "lang" | "description" | "excerpt"}-type`,
          `${key} must be text, found ${quoteValue(value)}; it is ignored: put it in quotes`);
      }
    }
  }
  const draft = flags.published === false || flags.draft === true || inDrafts;
  const hidden = flags.hidden === true;
  const { description = texts.excerpt, lang, series } = texts;
  // A series' parts are in `series_order` when given (jtemporal's blog writes it), else by date.
  const seriesOrder = typeof data.series_order === "number" ? data.series_order : undefined;
  const image = readImage(data.image, (message) => error("image", "image-type", message));
  if (lang !== undefined && !isLanguageTag(lang)) {
    error("lang", "lang", `lang "${lang}" is not a language tag; write one such as pt-BR, pt or en`);
  }
  // jekyll-redirect-from writes the old URL as given, %-escapes and all: it is checked and served decoded.
  const redirectFrom = readNameList(data.redirect_from, "redirect_from", (code, message) => error("redirect_from", code, message), () => {})
    .map((from) => decodeOr(from));
  for (const from of redirectFrom) {
    if (!isSafePermalink(from.endsWith("/") || from.endsWith(".html") ? from : `${from}/`)) {
      error("redirect_from", "redirect-from", `redirect_from "${from}" is not a safe URL path: start it with "/" and use letters, digits, "-", "_", "." and "~"`);
    }
  }

  // jekyll-redirect-from's `redirect_to`: a URL, or a list whose first item is the URL.
  const to = Array.isArray(data.redirect_to) ? data.redirect_to[0] : data.redirect_to;
  let redirectTo: string | undefined;
  if (to !== undefined && to !== null) {
    if (typeof to === "string" && (/^https?:\/\/[^\s]+$/i.test(to) ? URL.canParse(to) : isSafePermalink(to))) redirectTo = to;
    else error("redirect_to", "redirect-to", `redirect_to must be an http(s) URL or a path of this site such as "/2024/01/31/novo/"; found ${quoteValue(to)}`);
  }

  // Any layout builds with the post layout, as a theme's `article` or `single` would show the post;
  // the publishing stage names each layout it stood in for, once.
  const layout = typeof data.layout === "string" ? data.layout : "post";
  if (data.layout !== undefined && data.layout !== null && typeof data.layout !== "string") {
    reporter.warning(file, at("layout"), keyLines.layout ? 9 : 1, "layout", `layout must be a name, found ${quoteValue(data.layout)}; it is ignored and the post layout used`);
  }

  let tags = readNameList(data.tags, "tags", (code, message) => error("tags", code, message),
    (code, message) => reporter.warning(file, at("tags"), 1, code, message));
  if (tags.length > MAX_TAGS) {
    reporter.warning(file, at("tags"), 1, "tags-many",
      `the post has ${tags.length} tags; only the first ${MAX_TAGS} are kept (each tag is a page): keep the tags a reader would browse by`);
    tags = tags.slice(0, MAX_TAGS);
  }
  // As Jekyll reads them: `categories: a b` is two categories, `category: Dev Ops` is one (a list of one).
  const categoryKey = data.categories === undefined ? "category" : "categories";
  const oneCategory = categoryKey === "category" && typeof data.category === "string" && data.category.trim() !== "";
  const categories = readNameList(oneCategory ? [data.category] : data[categoryKey], categoryKey,
    (code, message) => error(categoryKey, code, message),
    (code, message) => reporter.warning(file, at(categoryKey), 1, code, message));

  if (!ok || !date) return undefined;

  // Jekyll reads a permalink without its leading "/" (`permalink: sobre`) from the site's root.
  const pattern = typeof data.permalink === "string" ? withLeadingSlash(data.permalink.trim()) : config.permalink;
  const where = typeof data.permalink === "string" ? "permalink" : undefined;
  if (data.permalink !== undefined && typeof data.permalink !== "string") {
    error("permalink", "permalink", `permalink must be a path such as "/sobre/", found ${quoteValue(data.permalink)}`);
    return undefined;
  }
  // A file-name date is already a day in the site's zone; only a front-matter instant needs converting.
  const day = parsed.kind === "dated" && date === fileDate ? parsed.day : dates.day(date);
  const expanded = expandPermalink(pattern, { day, date, slug, categories });
  const blame = (message: string) => where
    ? error("permalink", "permalink", message)
    : reporter.error(file, 1, 1, "permalink", `${message} (made for this post by permalink in _config.yml)`);
  if (typeof expanded !== "string") {
    blame(`permalink placeholder ${expanded.unknown} is unknown; use :year, :month, :day, :title, :categories …`);
    return undefined;
  }
  if (!isSafePermalink(expanded)) {
    blame(`permalink "${expanded}" is not a safe URL path: it must start with "/" and use only letters, digits, "-", "_", "." and "~", words separated by single spaces (no "..")`);
    return undefined;
  }
  const tagPositions = findValues(source, frontMatter.bodyLine, keyLines.tags, tags);
  return {
    file, title, date, day, slug, draft, hidden, lang, description, image, tags, tagPositions, categories, series: series || undefined, seriesOrder, comments: data.comments !== false,
    author: typeof data.author === "string" && data.author.trim() !== "" ? data.author.trim() : undefined,
    layout, permalink: expanded, keyLines,
    redirectFrom: redirectFrom.map((from) => (from.endsWith("/") || from.endsWith(".html") ? from : `${from}/`)),
    redirectTo,
  };
}

/** Tags and categories: a space-separated string (Jekyll) or a list of strings. */
function readNameList(
  value: unknown, key: "tags" | "categories" | "category" | "redirect_from", error: (code: Code, message: string) => void, warn: (code: Code, message: string) => void,
): string[] {
  // `category: [a, b]` is reported as categories are; redirect_from's mistakes as redirect-from.
  const code = (kind: "commas" | "empty" | "type"): Code =>
    key === "redirect_from" ? "redirect-from" : `${key === "category" ? "categories" : key}-${kind}`;
  if (value === undefined || value === null) return [];
  if (typeof value === "string") {
    if (value.includes(",")) {
      warn(code("commas"), `${key} are separated by spaces, not commas; "${value}" is read as ${value.split(/[\s,]+/).filter(Boolean).map((t) => `"${t}"`).join(", ")}`);
      return value.split(/[\s,]+/).filter(Boolean);
    }
    return value.split(/\s+/).filter(Boolean);
  }
  if (Array.isArray(value)) {
    const names: string[] = [];
    for (const item of value) {
      // As Jekyll reads a list: a number or a boolean is its text, an empty item (`- ` or null) is dropped.
      if (typeof item === "number" || typeof item === "boolean") names.push(String(item));
      else if (typeof item === "string" && item.trim() !== "") names.push(item.trim().replace(/\s+/g, " "));
      else if (item === null || (typeof item === "string" && item.trim() === "")) warn(code("empty"), `an item of ${key} is empty; it is left out: delete the empty "-" line`);
      else error(code("type"), `each of ${key} must be text, found ${quoteValue(item)}; put it in quotes`);
    }
    return names;
  }
  error(code("type"), `${key} must be a space-separated string or a list, found ${quoteValue(value)}`);
  return [];
}

/**
 * A post's picture, read as jekyll-seo-tag and the common themes read it: text, or a mapping with
 * `path` (jekyll-seo-tag), else `feature`, `teaser` or `thumbnail` (Minimal Mistakes and others).
 */
function readImage(value: unknown, error: (message: string) => void): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const found = ["path", "feature", "teaser", "thumbnail"].map((key) => record[key]).find((v) => typeof v === "string" && v.trim() !== "");
    return typeof found === "string" ? found.trim() : undefined;
  }
  error(`image must be a path or an address, or a mapping with path:, found ${quoteValue(value)}`);
  return undefined;
}

function withLeadingSlash(permalink: string): string {
  return permalink.startsWith("/") || permalink.startsWith(".") ? permalink : `/${permalink}`;
}

/** A %-escaped path decoded, or as written when its escapes are malformed. */
function decodeOr(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Where each value of a key is written: on the key's line or on the list lines below it. */
function findValues(source: string, bodyLine: number, keyLine: number | undefined, values: string[]): Position[] {
  if (keyLine === undefined) return values.map(() => ({ line: 1, column: 1 }));
  const lines = source.split("\n", bodyLine);
  let line = keyLine - 1;
  let from = lines[line]!.indexOf(":") + 1;
  return values.map((value) => {
    for (let i = line; i < lines.length; i++) {
      const at = lines[i]!.indexOf(value, i === line ? from : 0);
      if (at >= 0) {
        line = i;
        from = at + value.length;
        return { line: i + 1, column: at + 1 };
      }
    }
    return { line: keyLine, column: 1 };
  });
}

/**
 * Two posts whose URLs would be one file (after case folding: hosts differ on case). Published posts
 * claim their URL first: a draft (or a future post) that would take one is left out with a warning,
 * never in the published post's place.
 */
export function findUrlCollisions(posts: readonly PostMeta[], reporter: Reporter, isUnpublished: (meta: PostMeta) => boolean = () => false): Set<PostMeta> {
  const seen = new Map<string, PostMeta>();
  const losers = new Set<PostMeta>();
  const ordered = [...posts.filter((p) => !isUnpublished(p)), ...posts.filter(isUnpublished)];
  for (const post of ordered) {
    const key = urlKey(post.permalink);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, post);
      continue;
    }
    losers.add(post);
    if (isUnpublished(post)) {
      reporter.warning(post.file, post.keyLines.permalink ?? 1, 1, "url-collision",
        `this draft would be published at ${post.permalink}, which is ${first.file}'s URL, so it is left out; change its file name, "slug:" or "permalink:" before publishing it`);
    } else {
      reporter.error(post.file, post.keyLines.permalink ?? 1, 1, "url-collision",
        `this post and ${first.file} would both be published at ${post.permalink}; change one's file name, "slug:" or "permalink:"`);
    }
  }
  return losers;
}
