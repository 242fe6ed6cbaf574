import { statSync } from "node:fs";
import path from "node:path";
import { type Card, CARD_FOLDER, cardName, type CardText } from "./cards.ts";
import { createDateFormat, type DateFormat, isoDay } from "./dates.ts";
import { createReporter, type Diagnostic, quoteValue, type Reporter } from "./diagnostics.ts";
import { listFiles, readRegularFile, type SiteFile } from "./files.ts";
import { parseFrontMatter } from "./frontmatter.ts";
import { titleFromHeading } from "./jekyll.ts";
import { convertJekyll } from "./liquid.ts";
import { createMarkdown, type RenderEnv } from "./markdown/index.ts";
import { addTarget, createLinkIndex, encodePath, type LinkIndex, resolveLink } from "./markdown/links.ts";
import { createImageTable, describeImage, type ImageInfo, type ImageTable, type ImageUse } from "./images.ts";
import { isSitePermalink } from "./pages.ts";
import { decodeSource } from "./source.ts";
import { findUrlCollisions, isPostFile, normalizePost, type PostMeta } from "./posts.ts";
import { loadSiteConfig, type SiteConfig, type SiteOverrides } from "./site.ts";
import { buildTagIndex } from "./tags.ts";

export const POSTS_FOLDER = "posts";

/** A common silent-reading pace for Portuguese non-fiction. */
const WORDS_PER_MINUTE = 200;

/** No real post comes near this; it bounds the time and memory one file can cost. */
export const MAX_POST_BYTES = 4 * 2 ** 20;

export interface PageLink {
  title: string;
  url: string;
}

/** A post ready for the layouts: every URL already carries the base path and is encoded. */
export interface Post extends PostMeta {
  url: string;
  html: string;
  /** Front matter `description` or `excerpt`, else the text before `<!--more-->`, else the first paragraph. */
  excerpt: string;
  readingMinutes: number;
  /** The post's headings, for its table of contents. */
  headings: { level: number; id: string; text: string }[];
  /** The post's picture for social networks: its front matter `image`, else its generated card (unless cards are off). */
  image?: string;
  /** The generated card's URL, when `image` is it. */
  card?: string;
  dateIso: string;
  dateText: string;
  tagLinks: PageLink[];
  older?: PageLink;
  newer?: PageLink;
}

export interface TagPage {
  name: string;
  slug: string;
  permalink: string;
  url: string;
  posts: Post[];
}

export interface Blog {
  config: SiteConfig;
  /** Newest first: the posts that lists (home, tags, feed, sitemap, search) show. */
  posts: Post[];
  /** Posts with `hidden: true`: each has its page, and no list shows it. */
  unlisted: Post[];
  /** By name, in Portuguese collation. */
  tags: TagPage[];
  /** Files copied as they are: images, and anything in posts/ that is not a post. */
  assets: SiteFile[];
  /** Images the published posts show, each once, with the table that sized them. */
  images: { table: ImageTable; uses: ImageUse[] };
  /** The social cards to draw: one per published post without an `image` of its own. */
  cards: Card[];
  /** URL of a site path, with the base path and encoding applied. */
  url(permalink: string): string;
  /** The same, absolute (from `url` in _config.yml), for feeds, sitemaps and social cards. */
  absolute(url: string): string;
}

/** Where the site is served when `_config.yml` does not say (the live preview's address). */
export const LOCAL_ORIGIN = "http://localhost:8080";

/** A post file as read: its Markdown, and its metadata when the front matter was valid. */
interface Read {
  file: string;
  body: string;
  bodyLine: number;
  /** The front matter as parsed, for `{{ page.KEY }}`. */
  data: Record<string, unknown>;
  meta?: PostMeta;
}
type Loaded = Read & { meta: PostMeta };

interface Rendered {
  html: string;
  excerpt: string;
  words: number;
  headings: { level: number; id: string; text: string }[];
  /** The images it shows, with the size and versions it was rendered with. */
  imageUses: { use: ImageUse; info: ImageInfo | Error }[];
}

/**
 * What the live preview keeps between rebuilds, so that editing one post re-reads and re-renders
 * that post only. A post's render is reused while its text and every link target are unchanged.
 */
export interface BlogCache {
  config: string;
  files: Map<string, { mtimeMs: number; size: number; read: Read | undefined; diagnostics: Diagnostic[] }>;
  /** Every link target as one string, and a number that changes whenever it does. */
  links: string;
  linksVersion: number;
  renders: Map<string, Rendered & { body: string; linksVersion: number; diagnostics: Diagnostic[] }>;
  images?: ImageTable;
  /** A post's card, by its metadata object (reused while the file is unchanged). */
  cards?: WeakMap<PostMeta, { name: string; text: CardText }>;
}

export function createBlogCache(): BlogCache {
  // images and cards named, so that resetting a cache (Object.assign) drops them too: both depend on settings.
  return { config: "", files: new Map(), links: "", linksVersion: 0, renders: new Map(), images: undefined, cards: undefined };
}

/** Runs `work` with a reporter of its own and returns what it reported, to be replayed from a cache. */
function capture<T>(work: (reporter: Reporter) => T): { value: T; diagnostics: Diagnostic[] } {
  const reporter = createReporter();
  const value = work(reporter);
  return { value, diagnostics: [...reporter.diagnostics] };
}

export interface LoadOptions {
  /** The live preview's cache; without one, everything is read and rendered afresh. */
  cache?: BlogCache;
  /** Include drafts and future-dated posts (the live preview does; the build does not). */
  drafts?: boolean;
  /** Include future-dated posts (`--future`). */
  future?: boolean;
  /** "Now", for future-dated posts. */
  now?: Date;
  /**
   * Absolute paths the watcher saw change since the last build. With a cache, other posts are
   * taken from it without even a stat; without this set, every post is stat'ed.
   */
  changed?: ReadonlySet<string>;
  /** Filled with counts of the Jekyll constructs converted (src/liquid.ts), for `npm run import`. */
  converted?: Map<string, number>;
  /** The command line's `--url` and `--pathprefix`, over `_config.yml`. */
  overrides?: SiteOverrides;
}

/**
 * Reads, checks and renders the whole site once: each post is read and parsed once, and every
 * lookup (files, URLs, tags) is a table built once per build.
 */
export function loadBlog(root: string, reporter: Reporter, { cache, drafts = false, future = false, now = new Date(), changed, converted, overrides }: LoadOptions = {}): Blog {
  const config = loadSiteConfig(root, reporter, overrides);
  const settings = JSON.stringify(config);
  if (cache && cache.config !== settings) Object.assign(cache, createBlogCache(), { config: settings });
  const dates = createDateFormat(config.timezone, config.lang);
  const url = (permalink: string) => config.baseurl + encodePath(permalink);

  const postFolder = listFiles(root, POSTS_FOLDER, reporter);
  const postFiles = postFolder.filter((f) => isPostFile(f.path));
  const assets = [
    ...postFolder.filter((f) => !isPostFile(f.path)),
    ...config.static.flatMap((folder) => listFiles(root, folder, reporter)),
  ];

  const links = createLinkIndex(config.baseurl);
  for (const asset of assets) addTarget(links, asset.path, { kind: "asset", url: `/${asset.path}`, source: asset.source });
  const images = cache ? (cache.images ??= createImageTable(root, config.baseurl)) : createImageTable(root, config.baseurl);
  images.generation++;

  const loaded: Loaded[] = [];
  // Posts whose front matter is wrong are not published, but their Markdown is still checked.
  const unpublished: Read[] = [];
  for (const file of postFiles) {
    const post = cache ? readPostCached(root, file, config, dates, reporter, cache, changed) : readPost(root, file, config, dates, reporter);
    if (post?.meta) loaded.push(post as Loaded);
    else {
      if (post) unpublished.push(post);
      addTarget(links, file.path, undefined);
    }
  }
  loaded.sort((a, b) => b.meta.date.getTime() - a.meta.date.getTime() || (a.meta.file < b.meta.file ? -1 : 1));
  const losers = findUrlCollisions(loaded.map((l) => l.meta), reporter);
  // Drafts and (without --future) posts dated after now are not published; the preview shows them.
  const hidden = (meta: PostMeta) => !drafts && (meta.draft || (!future && meta.date > now));
  const kept = loaded.filter((l) => !losers.has(l.meta) && !hidden(l.meta));
  for (const { meta } of loaded) {
    if (!losers.has(meta)) addTarget(links, meta.file, { kind: hidden(meta) ? "draft" : "page", url: meta.permalink });
  }

  const md = createMarkdown();
  if (cache) {
    const targets = signature(links);
    if (targets !== cache.links) Object.assign(cache, { links: targets, linksVersion: cache.linksVersion + 1 });
  }
  const render = ({ file, body, bodyLine, data }: Read, to: Reporter) => {
    const source = convertJekyll(body, { file, bodyLine, site: config, page: data, links, reporter: to, converted });
    const excerptSeparator = typeof data.excerpt_separator === "string" ? data.excerpt_separator : config.excerpt_separator;
    const env: RenderEnv = { file, bodyLine, source, links, images, imageUses: [], reporter: to, excerptSeparator };
    const html = md.render(source, env);
    return {
      html, excerpt: env.excerpt ?? "", words: env.words ?? 0, headings: env.headings ?? [],
      imageUses: env.imageUses.map((use) => ({ use, info: describeImage(images, use.source) })),
    };
  };
  // A cached render names its images' versions: it is stale once one of those files changed.
  const imagesUnchanged = (rendered: Rendered) => rendered.imageUses.every(({ use, info }) => describeImage(images, use.source) === info);
  const renderCached = (post: Read): Rendered => {
    if (!cache) return render(post, reporter);
    let hit = cache.renders.get(post.file);
    if (!hit || hit.body !== post.body || hit.linksVersion !== cache.linksVersion || !imagesUnchanged(hit)) {
      const { value, diagnostics } = capture((sub) => render(post, sub));
      hit = { body: post.body, linksVersion: cache.linksVersion, ...value, diagnostics };
      cache.renders.set(post.file, hit);
    }
    for (const d of hit.diagnostics) reporter.report(d);
    return hit;
  };
  for (const post of [...unpublished, ...loaded.filter((l) => losers.has(l.meta))]) renderCached(post);
  const shown: Rendered[] = [];
  const cards: Card[] = [];
  let posts: Post[] = kept.map((post) => {
    const rendered = renderCached(post);
    shown.push(rendered);
    const { meta } = post;
    const dateText = dates.long(meta.date);
    let card: string | undefined;
    if (!meta.image && config.social_cards) {
      let known = cache?.cards?.get(meta);
      if (!known) {
        const text = { site: config.title, title: meta.title, date: dateText, tags: meta.tags };
        known = { name: cardName(text), text };
        if (cache) (cache.cards ??= new WeakMap()).set(meta, known);
      }
      cards.push({ ...known, file: meta.file });
      card = url(`/${CARD_FOLDER}/${known.name}`);
    }
    return {
      ...meta, url: url(meta.permalink), html: rendered.html, excerpt: meta.description ?? rendered.excerpt,
      readingMinutes: Math.max(1, Math.round(rendered.words / WORDS_PER_MINUTE)), headings: rendered.headings,
      image: shareImage(meta, links, reporter) ?? card, card, dateIso: isoDay(meta.day), dateText, tagLinks: [],
    };
  });

  const unlisted = posts.filter((post) => post.hidden);
  if (unlisted.length > 0) posts = posts.filter((post) => !post.hidden);
  const tagIndex = buildTagIndex(
    posts.map((p) => p.tags.map((name, i) => ({ name, file: p.file, ...p.tagPositions[i]! }))), reporter);
  const tags: TagPage[] = tagIndex.map((tag) => ({
    name: tag.name, slug: tag.slug, permalink: tag.permalink, url: url(tag.permalink),
    posts: tag.posts.map((i) => posts[i]!),
  }));
  for (const tag of tags) for (const post of tag.posts) post.tagLinks.push({ title: tag.name, url: tag.url });
  checkRedirects([...posts, ...unlisted], tags, reporter);
  posts.forEach((post, i) => {
    const newer = posts[i - 1];
    const older = posts[i + 1];
    if (newer) post.newer = { title: newer.title, url: newer.url };
    if (older) post.older = { title: older.title, url: older.url };
    post.tagLinks.sort((a, b) => a.title.localeCompare(b.title, "pt-BR"));
  });
  const origin = config.url || LOCAL_ORIGIN;
  const absolute = (target: string) => (/^[a-z][a-z0-9+.-]*:/i.test(target) ? target : origin + (target.startsWith("/") ? target : `/${target}`));
  const uses = new Map<string, ImageUse>();
  for (const { imageUses } of shown) for (const { use } of imageUses) if (!uses.has(use.source)) uses.set(use.source, use);
  return { config, posts, unlisted, tags, assets, images: { table: images, uses: [...uses.values()] }, cards, url, absolute };
}

/**
 * The URL of a post's `image:` for social networks: an http(s) URL as written, a file of the site
 * by its URL. Anything else (`javascript:`, `data:`, a file the site does not have) is dropped with
 * a warning at the key: the post's card, if any, stands in.
 */
function shareImage(meta: PostMeta, links: LinkIndex, reporter: Reporter): string | undefined {
  if (meta.image === undefined) return undefined;
  const at = meta.keyLines.image ?? 1;
  if (/^https?:\/\//i.test(meta.image)) return meta.image;
  // Jekyll themes read `image:` from the site root (`{{ page.image | relative_url }}`) unless it says otherwise.
  const target = resolveLink(/^[./]/.test(meta.image) ? meta.image : `/${meta.image}`, meta.file, links);
  if (target.kind === "asset" || target.kind === "page") return target.url;
  const why = target.kind === "unresolved" ? target.reason
    : target.kind === "unsafe" || target.kind === "external" ? "only http:// and https:// addresses or files of the site can be shared"
    : "it names no file of the site";
  reporter.warning(meta.file, at, 8, "image-share",
    `image ${quoteValue(meta.image)} is not used as the post's picture for social networks: ${why}; give a file of the site (such as /images/capa.png) or an https:// address`);
  return undefined;
}

/** An old URL (`redirect_from`) must not be a page the site has, nor another post's old URL. */
function checkRedirects(posts: Post[], tags: TagPage[], reporter: Reporter): void {
  if (!posts.some((post) => post.redirectFrom.length > 0)) return;
  const key = (url: string) => url.normalize("NFC").toLowerCase();
  const taken = new Map<string, string>();
  for (const post of posts) taken.set(key(post.permalink), post.file);
  for (const tag of tags) taken.set(key(tag.permalink), `the page of tag ${tag.name}`);
  for (const post of posts) {
    for (const from of post.redirectFrom) {
      const owner = taken.get(key(from)) ?? (isSitePermalink(key(from)) ? "a page of the site" : undefined);
      if (owner) {
        reporter.error(post.file, post.keyLines.redirect_from ?? 1, 1, "redirect-from",
          `redirect_from ${from} is already the URL of ${owner === post.file ? "this post" : owner}; remove it from the list`);
      } else taken.set(key(from), `an old URL of ${post.file}`);
    }
  }
}

/** Every link target, as one string: when it is unchanged, cached renders are still right. */
function signature(links: LinkIndex): string {
  let text = links.baseurl;
  for (const [file, target] of links.byPath) text += `\n${file}\t${target?.url ?? ""}`;
  return text;
}

function readPostCached(
  root: string, file: SiteFile, config: SiteConfig, dates: DateFormat, reporter: Reporter, cache: BlogCache,
  changed: ReadonlySet<string> | undefined,
): Read | undefined {
  const source = path.resolve(root, file.source);
  let hit = cache.files.get(file.path);
  const { mtimeMs, size } = hit && changed && !changed.has(source) ? hit : statSync(source);
  if (!hit || hit.mtimeMs !== mtimeMs || hit.size !== size) {
    const { value, diagnostics } = capture((sub) => readPost(root, file, config, dates, sub));
    hit = { mtimeMs, size, read: value, diagnostics };
    cache.files.set(file.path, hit);
  }
  for (const d of hit.diagnostics) reporter.report(d);
  return hit.read;
}

function readPost(
  root: string, file: SiteFile, config: SiteConfig, dates: DateFormat, reporter: Reporter,
): Read | undefined {
  const read = readRegularFile(path.join(root, file.source), MAX_POST_BYTES);
  if (!("bytes" in read)) {
    const fix = read.code === "too-large" ? " so a build stays fast: split it into several posts" : "";
    reporter.error(file.path, 1, 1, read.code, `the post was not read: ${read.message}${fix}`);
    return undefined;
  }
  const text = decodeSource(read.bytes, file.path, reporter);
  if (text === undefined) return undefined;
  const parsed = parseFrontMatter(text, file.path, reporter);
  if (!parsed) return undefined;
  const frontMatter = { ...parsed };
  if (frontMatter.data.title === undefined || frontMatter.data.title === null) {
    const heading = titleFromHeading(frontMatter.body);
    if (heading) Object.assign(frontMatter, { data: { ...frontMatter.data, title: heading.title }, body: heading.body });
  }
  if (text.trim() === "") {
    reporter.error(file.path, 1, 1, "empty-post",
      "the file is empty; write the post (front matter between --- lines, then the text), or delete the file");
    return undefined;
  }
  // Jekyll builds a post that is only front matter (real blogs have them: a link, an image, a stub),
  // so it is built here too, its page its title; the warning says it may be unfinished.
  if (frontMatter.body.trim() === "") {
    reporter.warning(file.path, frontMatter.bodyLine + 1, 1, "empty-post",
      "the post has no text after its front matter; it is built with its title only: write the text, or delete the file");
  }
  // Jekyll dates a draft without a date by its file's last change.
  const modified = file.path.split("/").includes("_drafts") ? statSync(path.join(root, file.source)).mtime : undefined;
  const meta = normalizePost(file.path, frontMatter, text, config, dates, reporter, modified);
  return { file: file.path, meta, body: frontMatter.body, bodyLine: frontMatter.bodyLine, data: frontMatter.data };
}
