import { favicon, siteStylesheet } from "../layouts/base.ts";
import { atomFeed, FEED_ENTRIES, robots, sitemap } from "../layouts/feeds.ts";
import { archivePage, homePage, homePageCount, notFoundPage, redirectPage, searchPage, tagIndexPage, tagPage } from "../layouts/lists.ts";
import { authoredPage } from "../layouts/page.ts";
import { postPage } from "../layouts/post.ts";
import type { Blog, PageLink, Post } from "./model.ts";
import type { Reporter } from "./diagnostics.ts";
import { katexStylesheet } from "./markdown/math.ts";
import { homePermalink, outputFile, SEARCH_BUNDLE, SITE_PERMALINKS, tagFeedPermalink, urlKey } from "./routes.ts";

/** One output page: where it goes (without the base path) and how to make it. */
export interface Page {
  /** Where it is written, from the output folder (Eleventy adds index.html to a folder). */
  permalink: string;
  /** Where a reader finds it, when that is not `permalink` (a post at `/x` is written to `/x.html`); the sitemap lists it. */
  url?: string;
  /**
   * What the page shows, as one string, but for what `shows` and `bodies` stand for: with them, it
   * decides whether the live preview must write the page again (cheaper than rendering every page
   * to compare).
   */
  key(): string;
  /** The URLs of the posts whose summary (Summary) the page shows: compared post by post. */
  shows?(): string[];
  /** The rendered bodies the page shows (a post's, a feed's entries'): compared by identity, as a cached render is the same string. */
  bodies?(): string[];
  /** Its key holds posts' titles but it has no `shows` (the archive, a redirect page): the live preview's patch of a title compares it again (patchPages). */
  titled?: boolean;
  /** Left out of the sitemap: a `hidden: true` post. */
  unlisted?: boolean;
  render(): string;
}

const link = (l: PageLink | undefined) => (l ? `${l.title}\u0001${l.url}` : "");

/** What a list (home, tags, feeds, a post's neighbours and related posts) shows of a post. */
const SUMMARY_KEYS = ["url", "title", "dateIso", "dateText", "readingMinutes", "excerpt", "draft", "lang"] as const satisfies readonly (keyof Post)[];
type Summary = Pick<Post, (typeof SUMMARY_KEYS)[number]>;
/**
 * Compared field by field with the post the last rebuild made (kept whole: a rebuild makes each Post
 * anew); joining the fields into one string for each of 10,000 posts took 30 ms of every rebuild.
 */
const sameSummary = (a: Summary | undefined, b: Summary) => a !== undefined && SUMMARY_KEYS.every((key) => a[key] === b[key]);
const urlsOf = (posts: readonly { url: string }[]) => posts.map((p) => p.url);

/** The pages every site has, by permalink. */
const SITE_PAGES: Record<string, (blog: Blog) => string> = {
  [SITE_PERMALINKS.notFound]: notFoundPage, [SITE_PERMALINKS.search]: searchPage, [SITE_PERMALINKS.robots]: robots, [SITE_PERMALINKS.favicon]: favicon,
};

/** Every file of the site but the copied assets: posts, tags, tag index, home pages, 404, feed, sitemap, robots.txt. */
export function listPages(blog: Blog): Page[] {
  const feed = (posts: readonly Post[]) => posts.slice(0, FEED_ENTRIES);
  const pages: Page[] = [
    ...[...blog.posts, ...blog.unlisted].map((post) => ({
      permalink: outputFile(post.permalink),
      url: post.permalink,
      key: () => [...post.tagLinks.map(link), post.seriesBox ? `${post.seriesBox.name}\u0001${post.seriesBox.index}` : ""].join("\u0000"),
      shows: () => [post.url, ...[post.older, post.newer, ...post.related, ...post.seriesBox?.parts ?? []].map((l) => l?.url ?? "")],
      bodies: () => [post.html],
      unlisted: post.hidden,
      render: () => (post.redirectTo ? redirectPage(blog, post, /^https?:/i.test(post.redirectTo) ? post.redirectTo : blog.url(post.redirectTo)) : postPage(blog, post)),
    })),
    ...blog.pages.map((page) => ({
      permalink: outputFile(page.permalink),
      url: page.permalink,
      key: () => `${page.title}\u0000${page.description ?? ""}\u0000${page.lang ?? ""}\u0000${page.toc}`,
      bodies: () => [page.html],
      render: () => authoredPage(blog, page),
    })),
    ...blog.tags.map((tag) => ({ permalink: tag.permalink, key: () => tag.name, shows: () => urlsOf(tag.posts), render: () => tagPage(blog, tag) })),
    // Each tag's own feed: its page links it. An entry shows the post's tags and its whole body.
    ...blog.tags.map((tag) => feedPage(tagFeedPermalink(tag.slug), feed(tag.posts), () => atomFeed(blog, tag))),
    feedPage(SITE_PERMALINKS.feed, feed(blog.posts), () => atomFeed(blog)),
    { permalink: SITE_PERMALINKS.tags, key: () => blog.tags.map((t) => `${t.name}\u0001${t.url}\u0001${t.posts.length}`).join("\u0000"), render: () => tagIndexPage(blog) },
    ...Array.from({ length: homePageCount(blog) }, (_, i) => ({
      permalink: homePermalink(i + 1),
      key: () => String(homePageCount(blog)),
      shows: () => urlsOf(blog.posts.slice(i * blog.config.paginate, (i + 1) * blog.config.paginate)),
      render: () => homePage(blog, i + 1),
    })),
    // The archive and the sitemap list every post, but show only its address, title and date: an
    // edit to a post's text (its excerpt, its reading time) rewrites neither (10,000 posts: 1.6 MB
    // and 1.1 MB, rendered and written again after each edit before).
    { permalink: SITE_PERMALINKS.archive, titled: true, key: () => blog.posts.map((p) => `${p.url}\u0001${p.title}\u0001${p.dateIso}`).join("\u0000"), render: () => archivePage(blog) },
    ...Object.entries(SITE_PAGES).map(([permalink, make]) => selfKeyed(permalink, () => make(blog))),
    selfKeyed(siteStylesheet(blog.config.accent).permalink, () => siteStylesheet(blog.config.accent).css),
  ];
  if (blog.posts.some((p) => p.math) || blog.unlisted.some((p) => p.math)) pages.push(selfKeyed(katexStylesheet.permalink, () => katexStylesheet.css));
  for (const post of [...blog.posts, ...blog.unlisted]) {
    for (const from of post.redirectFrom) {
      pages.push({ permalink: from, unlisted: true, titled: true, key: () => `${post.url}\u0000${post.title}`, render: () => redirectPage(blog, post) });
    }
  }
  const urls = pages.filter((p) => (p.url ?? p.permalink).endsWith("/") || p.url !== undefined).filter((p) => !p.unlisted)
    .map((p) => blog.url(p.url ?? p.permalink));
  // The sitemap lists every page, each post with its date.
  const sitemapKey = () => [...urls, ...blog.posts.map((p) => `${p.url}\u0001${p.dateIso}`)].join("\u0000");
  return [...pages, { permalink: SITE_PERMALINKS.sitemap, key: sitemapKey, render: () => sitemap(blog, urls) }];
}

/** A feed: its entries' summaries, tags and bodies are what it shows. */
function feedPage(permalink: string, entries: readonly Post[], render: () => string): Page {
  return { permalink, key: () => entries.map((p) => p.tags.join("\u0001")).join("\u0000"), shows: () => urlsOf(entries), bodies: () => entries.map((p) => p.html), render };
}

/** A small page whose key is its own content: rendering it is as cheap as keying it. */
function selfKeyed(permalink: string, make: () => string): Page {
  let content: string | undefined;
  const render = () => (content ??= make());
  return { permalink, key: render, render };
}

/** What the live preview wrote last: each page's key, the posts and bodies it showed, each post's summary, and the site settings. */
export interface Written {
  config: string;
  pages: Map<string, { key: string; shows?: string[]; bodies?: string[] }>;
  summaries?: Map<string, Summary>;
  /** The pages that show each post, by its URL (patchPages): the same while the posts and their order are. */
  shownBy?: Map<string, string[]>;
}

/** What the live preview keeps of a page it wrote: what it showed. */
const writtenEntry = (page: Page, key = page.key()) => ({ key, shows: page.shows?.(), bodies: page.bodies?.() });

const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * For the live preview: the pages whose inputs differ from the last build, and the permalinks that
 * are gone. Each post's summary is compared once, field by field; a page that lists posts is written
 * again when its list or one of their summaries changed. Bodies are compared by identity: an
 * unchanged post keeps its cached render.
 */
export function diffPages(pages: Page[], previous: Written, config: string, blog: Pick<Blog, "posts" | "unlisted">): { changed: Page[]; removed: string[]; next: Written } {
  const summaries = new Map<string, Summary>();
  const edited = new Set<string>();
  for (const post of [...blog.posts, ...blog.unlisted]) {
    summaries.set(post.url, post);
    if (!sameSummary(previous.summaries?.get(post.url), post)) edited.add(post.url);
  }
  const next: Written = { config, pages: new Map(), summaries };
  const changed: Page[] = [];
  const all = previous.config !== config;
  for (const page of pages) {
    const now = writtenEntry(page);
    next.pages.set(page.permalink, now);
    const before = previous.pages.get(page.permalink);
    if (all || !before || before.key !== now.key || !same(before.shows, now.shows) || !same(before.bodies, now.bodies) ||
      now.shows?.some((url) => edited.has(url))) changed.push(page);
  }
  const removed = [...previous.pages.keys()].filter((permalink) => !next.pages.has(permalink));
  return { changed, removed, next };
}

/**
 * For the live preview, after patchBlog updated posts in place: each one's page, and the pages that
 * show it (lists, neighbours, feeds) when what they show of it changed: its summary (its title
 * among them), or its body in a feed. `written` is brought up to date with what they show now.
 */
export function patchPages(posts: readonly { post: Post; before: Post }[], pages: readonly Page[], written: Written): Page[] {
  const byPermalink = new Map(pages.map((page) => [page.permalink, page]));
  written.shownBy ??= showsIndex(written);
  const dirty = new Set<string>();
  for (const { post, before } of posts) {
    dirty.add(outputFile(post.permalink));
    const summary = !sameSummary(before, post);
    if (!summary && before.html === post.html) continue;
    for (const permalink of written.shownBy.get(post.url) ?? []) {
      if (summary || written.pages.get(permalink)?.bodies?.includes(before.html)) dirty.add(permalink);
    }
  }
  // A title is also in the keys of pages that show posts without a `shows` (the archive's key of
  // 10,000 posts takes 20 ms to make: once).
  const keys = new Map<string, string>();
  if (posts.some(({ post, before }) => post.title !== before.title)) {
    for (const page of pages) {
      if (!page.titled) continue;
      keys.set(page.permalink, page.key());
      if (written.pages.get(page.permalink)?.key !== keys.get(page.permalink)) dirty.add(page.permalink);
    }
  }
  const changed = [...dirty].map((permalink) => byPermalink.get(permalink)!);
  for (const page of changed) written.pages.set(page.permalink, writtenEntry(page, keys.get(page.permalink)));
  return changed;
}

/** Which pages show each post, by its URL: made once after a whole rebuild, the first time a patch needs it. */
function showsIndex(written: Written): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [permalink, { shows }] of written.pages) {
    for (const url of shows ?? []) {
      const list = index.get(url);
      if (!list) index.set(url, [permalink]);
      else if (list[list.length - 1] !== permalink) list.push(permalink);
    }
  }
  return index;
}

/**
 * A copied file must not replace a page (a `static:` folder named `tags` or `2024`) nor sit in the
 * folder the search index is written to: an error naming both. (Image versions and cards are named
 * by their hash, so a static `img/` or `social/` folder lives beside them.)
 */
/** An author's page at the address of another page (a post, the tag index, the search page …) is an error at its file. */
export function checkPageCollisions(blog: Blog, pages: Page[], reporter: Reporter): void {
  if (blog.pages.length === 0) return;
  const count = new Map<string, number>();
  for (const page of pages) {
    const key = urlKey(outputFile(page.permalink));
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  for (const page of blog.pages) {
    if ((count.get(urlKey(outputFile(page.permalink))) ?? 0) > 1) {
      reporter.error(page.file, 1, 1, "page-collision",
        `this page's URL ${page.permalink} is also another page of the site's; give it another with permalink: in its front matter, or rename the file`);
    }
  }
}

/** The search index's folders: `pagefind/`, and `pagefind-2/` … for a large blog's other parts (src/search.ts). */
const SEARCH_FOLDER = new RegExp(`^${SEARCH_BUNDLE}(?:-\\d+)?/`);

export function checkAssetCollisions(blog: Blog, pages: Page[], reporter: Reporter): void {
  const taken = new Map(pages.map((page) => [outputFile(page.permalink).normalize("NFC"), page.permalink]));
  for (const asset of blog.assets) {
    const page = taken.get(`/${asset.path}`);
    if (page) {
      reporter.error(asset.path, 0, 0, "static-collision",
        `this file would replace the page ${page} in _site/; rename the file or its folder, or take the folder out of static: in _config.yml`);
    } else if (SEARCH_FOLDER.test(asset.path)) {
      reporter.error(asset.path, 0, 0, "static-collision",
        `${asset.path.split("/")[0]}/ in _site/ holds the search index the build writes; rename this folder or take it out of static: in _config.yml`);
    }
  }
}
