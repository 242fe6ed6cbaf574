import { existsSync } from "node:fs";
import path from "node:path";
import type { BlogCache } from "./cache.ts";
import { createBlogCache } from "./cache.ts";
import type { Card } from "./cards.ts";
import { createDateFormat, type DateFormat } from "./dates.ts";
import { createReporter, type Diagnostic, type Reporter } from "./diagnostics.ts";
import { createImageTable, describeImage, type ImageTable, type ImageUse } from "./images.ts";
import { collectionNames, createLiquid, DATA_FOLDER, INCLUDES_FOLDER, readDataFile, readLiquidFiles, readSiteText } from "./liquidjs.ts";
import { addTarget, type LinkIndex, targetOfFile } from "./linkindex.ts";
import type { Author, Blog, Post, Read, Rendered, SitePage } from "./model.ts";
import { readPages, reportStrayTemplates } from "./pagefiles.ts";
import { LAYOUTS, type PostMeta } from "./posts.ts";
import { choosePublished, createLinkTable, type Presenter, type PublishOptions, publishPosts } from "./publish.ts";
import { readPostCached, readSite, releaseBodies } from "./read.ts";
import { createRenderer } from "./render.ts";
import { createUrls, encodePath, hasScheme } from "./routes.ts";
import { CONFIG_FILE, isSitePathOrUrl, loadSiteConfig, type SiteConfig, type SiteOverrides } from "./site.ts";

export interface LoadOptions extends PublishOptions {
  /** The live preview's cache; without one, everything is read and rendered afresh. */
  cache?: BlogCache;
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
 * The blog, from its files to what the layouts show, in named stages (docs/architecture.md): each
 * post is read and parsed once, and every lookup (files, URLs, tags) is a table built once per build.
 */
export function loadBlog(root: string, reporter: Reporter, options: LoadOptions = {}): Blog {
  const { cache, changed, converted } = options;
  const config = loadSiteConfig(root, reporter, options.overrides);
  const settings = JSON.stringify(config);
  if (cache && cache.config !== settings) Object.assign(cache, createBlogCache(), { config: settings });
  const dates = createDateFormat(config.timezone, config.lang);
  const urls = createUrls(config);

  const site = readSite(root, config, dates, reporter, { cache, changed });
  const authored = readPages(root, reporter, { pretty: config.permalink.endsWith("/") });
  reportStrayTemplates(root, reporter);
  site.assets.push(...authored.assets);
  const publication = choosePublished(site.posts, options, reporter);
  const links = createLinkTable(config, site, publication, options);
  for (const { file, page } of authored.pages) addTarget(links, file, { kind: "page", url: page.permalink });
  const images = cache ? (cache.images ??= createImageTable(root, config.baseurl)) : createImageTable(root, config.baseurl);
  images.generation++;

  const liquid = config.liquid
    ? createLiquid({ config, files: readLiquidFiles(root, reporter, collectionNames(config.jekyll)), posts: publication.kept, links, root })
    : undefined;
  const render = createRenderer(config, links, images, reporter, { cache, converted, liquid });
  // What is not published is still rendered, so that its mistakes are reported too.
  for (const post of [...site.unpublished, ...publication.posts.filter((l) => publication.losers.has(l.meta))]) render(post);
  const rendered = publication.kept.map((post) => render(post));
  const { posts, unlisted, tags, cards, present } = publishPosts(config, urls, dates, publication.kept, rendered, links, reporter, cache);

  // The author's pages: rendered as posts are (links, images, Liquid), shown without date or tags.
  const renderedPages = authored.pages.map((page) => render(page));
  const pages = authored.pages.map(({ page }, i): SitePage => {
    const { html, toc, headings, math, diagrams } = renderedPages[i]!;
    return { ...page, url: urls.url(page.permalink), html, toc, headings, math, diagrams };
  }).sort((a, b) => (a.permalink < b.permalink ? -1 : 1));

  if (cache) releaseBodies(cache);
  const uses = new Map<string, ImageUse>();
  for (const { imageUses } of [...rendered, ...renderedPages]) for (const { use } of imageUses) if (!uses.has(use.source)) uses.set(use.source, use);
  const blog: Blog = { config, posts, unlisted, tags, pages, extras: readExtras(root, config, links, images, reporter), assets: site.assets, images: { table: images, uses: [...uses.values()] }, cards, ...urls };
  if (cache) loads.set(blog, { dates, render, present });
  return blog;
}

/** Where a path the watcher names may be: its paths are relative to the working folder or, when Eleventy remaps it, to the site. */
export const watchedPaths = (root: string, file: string): string[] => [path.resolve(file), path.resolve(root, file)];

/** What patchBlog needs of the load that made a blog: the live preview's loads only. */
const loads = new WeakMap<Blog, { dates: DateFormat; render: ReturnType<typeof createRenderer>; present: Presenter; byFile?: Map<string, Post> }>();

/**
 * The front matter an edit may change and still be patched: what the post's own page, its card and
 * the lists showing it show, and where its keys are (a theme layout's warning names a line: not then).
 */
const PATCHABLE_KEYS = new Set(["title", "description", "image", "author", "comments", "keyLines"]);

function samePublishing(a: PostMeta, b: PostMeta): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const patchable = (key: string) => PATCHABLE_KEYS.has(key) && (key !== "keyLines" || a.layout === LAYOUTS[0]);
  return [...keys].every((key) => patchable(key) || JSON.stringify(a[key as keyof PostMeta]) === JSON.stringify(b[key as keyof PostMeta]));
}

/** A patch: the posts updated in place, the cards they now need, and the diagnostics of theirs that were replaced (`stale`) and replace them (`fresh`). */
export interface Patch {
  posts: { post: Post; before: Post }[];
  cards: Card[];
  stale: (d: Diagnostic) => boolean;
  fresh: Diagnostic[];
}

/**
 * The live preview's rebuild after an edit to what posts show of themselves (their text, title,
 * description, picture, author): each one read and rendered again, and its Post updated in place,
 * without loading the blog again (at 10,000 posts a load took 0.4 s of a 0.5 s rebuild).
 * Undefined, and the blog is loaded again, whenever the edit may change more: another file or a
 * new one, a deleted post, its date, URL, tags or any other front matter, Liquid (a post may show
 * others), the images or formulas it shows, or an error.
 */
export function patchBlog(root: string, blog: Blog, files: readonly string[], cache: BlogCache): Patch | undefined {
  const load = loads.get(blog);
  if (!load || blog.config.liquid || files.length === 0) return undefined;
  load.byFile ??= new Map([...blog.posts, ...blog.unlisted].map((post) => [path.resolve(root, post.file), post]));
  const stale = new Set<Diagnostic>();
  const edits: { post: Post; before: Post; meta: PostMeta; text: Rendered; reporter: Reporter }[] = [];
  for (const file of files) {
    const absolute = watchedPaths(root, file).find((candidate) => load.byFile!.has(candidate.normalize("NFC")));
    const post = absolute && load.byFile.get(absolute.normalize("NFC"));
    if (!absolute || !post) return undefined;
    if (edits.some((edit) => edit.post === post)) continue;
    const read = cache.files.get(post.file);
    const rendered = cache.renders.get(post.file);
    if (!read || !rendered) return undefined;
    const reporter = createReporter();
    let now: Read | undefined;
    try {
      now = readPostCached(root, { path: post.file, source: path.relative(root, absolute) }, blog.config, load.dates, reporter, cache, new Set([absolute]));
    } catch {
      return undefined; // deleted, or no longer a file
    }
    const meta = Object.getPrototypeOf(post) as PostMeta;
    if (!now?.meta || !samePublishing(now.meta, meta)) return undefined;
    const text = load.render(now, reporter);
    const sameImages = text.imageUses.length === rendered.imageUses.length &&
      text.imageUses.every(({ use, info }, i) => use.source === rendered.imageUses[i]!.use.source && info === rendered.imageUses[i]!.info);
    if (reporter.hasErrors() || text.math !== post.math || text.diagrams !== post.diagrams || !sameImages) return undefined;
    for (const d of [...read.diagnostics, ...rendered.diagnostics]) stale.add(d);
    edits.push({ post, before: Object.assign(Object.create(meta) as PostMeta, post), meta: now.meta, text, reporter });
  }
  const changed = new Set(edits.map(({ post }) => post.file));
  // The warning publishing gave a post (its `image:`) is given again, or not.
  const patch: Patch = { posts: [], cards: [], stale: (d) => stale.has(d) || (d.code === "image-share" && changed.has(d.file)), fresh: [] };
  for (const { post, before, meta, text, reporter } of edits) {
    const { shown, card } = load.present(meta, text, reporter);
    Object.setPrototypeOf(post, meta);
    Object.assign(post, shown);
    if (card && post.card !== before.card) patch.cards.push(card);
    if (post.title !== before.title) retitle(blog, post);
    patch.posts.push({ post, before });
    patch.fresh.push(...reporter.diagnostics);
  }
  return patch;
}

/**
 * A post's new title in the links other pages hold to it: one object a post, shared by its
 * neighbours' links and every related-posts list (src/publish.ts), and one in its series' list.
 */
function retitle(blog: Blog, post: Post): void {
  const at = blog.posts.indexOf(post);
  for (const link of [blog.posts[at - 1]?.older, blog.posts[at + 1]?.newer, post.seriesBox?.parts[post.seriesBox.index]]) {
    if (link?.url === post.url) link.title = post.title;
  }
}

/** A snippet of the author's is HTML for every page: no real one comes near this. */
const MAX_SNIPPET_BYTES = 256 * 2 ** 10;

/**
 * `_includes/head.html` (analytics, fonts, verification tags) and `_includes/footer.html`, as
 * written: the author's own HTML, trusted as a post's raw HTML is. And the logo, sized when it is a
 * file of the site (so the header never shifts when it loads); a missing one is a warning.
 */
function readExtras(root: string, config: SiteConfig, links: LinkIndex, images: ImageTable, reporter: Reporter): Blog["extras"] {
  const snippet = (name: string) => {
    const file = `${INCLUDES_FOLDER}/${name}`;
    return existsSync(path.join(root, file)) ? readSiteText(root, file, reporter, MAX_SNIPPET_BYTES) ?? "" : "";
  };
  let logo: Blog["extras"]["logo"];
  if (config.logo) {
    if (hasScheme(config.logo)) logo = { url: config.logo };
    else {
      const source = config.logo.replace(/^\/+/, "");
      const target = targetOfFile(links, source.normalize("NFC"));
      const info = target?.source ? describeImage(images, target.source) : undefined;
      if (!target || info instanceof Error) {
        reporter.warning(CONFIG_FILE, 1, 1, "logo-missing", `logo ${config.logo} is not an image of the site (${info instanceof Error ? info.message : `no file ${source}`}); the header shows the title alone`);
      } else logo = { url: links.baseurl + encodePath(target.url), width: info?.width, height: info?.height };
    }
  }
  return { head: snippet("head.html"), footer: snippet("footer.html"), logo, authors: readAuthors(root, reporter) };
}

const AUTHORS_FILE = `${DATA_FOLDER}/authors.yml`;

/** `_data/authors.yml`, as Jekyll themes write it: a key per author, with `name`, and `avatar` and `url` when given. */
function readAuthors(root: string, reporter: Reporter): Record<string, Author> {
  const data = existsSync(path.join(root, AUTHORS_FILE)) ? readDataFile(root, AUTHORS_FILE, reporter)?.value : undefined;
  const authors: Record<string, Author> = {};
  const safe = (value: unknown) => (typeof value === "string" && isSitePathOrUrl(value) ? value : undefined);
  for (const [key, value] of Object.entries(typeof data === "object" && data !== null ? data : {})) {
    const entry = value as Record<string, unknown> | null;
    if (typeof entry?.name !== "string") continue;
    authors[key] = { name: entry.name, avatar: safe(entry.avatar), url: safe(entry.url) };
  }
  return authors;
}
