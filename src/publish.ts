import { type BlogCache, capture } from "./cache.ts";
import { type Card, cardName } from "./cards.ts";
import { createDateFormat, type DateFormat, isoDay } from "./dates.ts";
import { quoteValue, type Reporter } from "./diagnostics.ts";
import { addTarget, createLinkIndex, type LinkIndex } from "./linkindex.ts";
import { resolveLink } from "./markdown/links.ts";
import type { Loaded, Post, Rendered, Shape, Structure, TagPage } from "./model.ts";
import type { SiteFiles } from "./read.ts";
import { findUrlCollisions, LAYOUTS, type PostMeta } from "./posts.ts";
import { cardPermalink, isSitePermalink, urlKey, type Urls } from "./routes.ts";
import { defaultSiteConfig, type SiteConfig } from "./site.ts";
import { buildTagIndex, type Tag } from "./tags.ts";

/**
 * Stage 2 and 4, publishing (pure): which posts are published (drafts, future, collisions), the
 * link table every render resolves against, then the published posts, their tags, cards,
 * previous/next links and old URLs.
 */

/** A common silent-reading pace for Portuguese non-fiction. */
const WORDS_PER_MINUTE = 200;

export interface Publication {
  /** Newest first. */
  posts: Loaded[];
  /** Published: neither a draft, nor future (without --future), nor the loser of a URL collision. */
  kept: Loaded[];
  /** Posts that lost a URL collision: reported, not published, still checked. */
  losers: Set<PostMeta>;
}

export interface PublishOptions {
  /** Include drafts and future-dated posts (the live preview does; the build does not). */
  drafts?: boolean;
  /** Include future-dated posts (`--future`). */
  future?: boolean;
  /** "Now", for future-dated posts. */
  now?: Date;
}

/** Drafts and (without --future) posts dated after now are not published; the preview shows them. */
export function isUnpublished(meta: PostMeta, { drafts = false, future = false, now = new Date() }: PublishOptions): boolean {
  return !drafts && (meta.draft || (!future && meta.date > now));
}

export function choosePublished(posts: Loaded[], options: PublishOptions, reporter: Reporter): Publication {
  reportThemeLayouts(posts.map((p) => p.meta), reporter);
  const sorted = [...posts].sort((a, b) => b.meta.date.getTime() - a.meta.date.getTime() || (a.meta.file < b.meta.file ? -1 : 1));
  // Drafts are checked as drafts even in the preview, where they are shown: a draft never displaces a post.
  const losers = findUrlCollisions(sorted.map((l) => l.meta), reporter, (meta) => isUnpublished(meta, { ...options, drafts: false }));
  const kept = sorted.filter((l) => !losers.has(l.meta) && !isUnpublished(l.meta, options));
  return { posts: sorted, kept, losers };
}

/**
 * A theme's layout (`article`, `single`, `page` …) is not an error: the post is built with the post
 * layout, as its theme would show it. Each layout is named once, at the first post that uses it.
 */
function reportThemeLayouts(posts: PostMeta[], reporter: Reporter): void {
  const byLayout = new Map<string, PostMeta[]>();
  for (const meta of posts) {
    if ((LAYOUTS as readonly string[]).includes(meta.layout)) continue;
    const users = byLayout.get(meta.layout);
    if (users) users.push(meta);
    else byLayout.set(meta.layout, [meta]);
  }
  for (const [layout, users] of byLayout) {
    const first = users.reduce((a, b) => (a.file < b.file ? a : b));
    const others = users.length > 1 ? ` and ${users.length - 1} other post${users.length > 2 ? "s" : ""}` : "";
    reporter.warning(first.file, first.keyLines.layout ?? 1, first.keyLines.layout ? 9 : 1, "layout",
      `layout "${layout}" is not one of this blog's (${LAYOUTS.join(", ")}); this post${others} using it ${users.length > 1 ? "are" : "is"} built with the post layout: write layout: post, or leave it out`);
  }
}

/** Every file a post may link to: the assets, each post at its URL (a draft as a draft), unread posts as broken. */
export function createLinkTable(config: SiteConfig, site: SiteFiles, publication: Publication, options: PublishOptions): LinkIndex {
  const links = createLinkIndex(config.baseurl);
  for (const asset of site.assets) addTarget(links, asset.path, { kind: "asset", url: `/${asset.path}`, source: asset.source });
  for (const file of site.unread) addTarget(links, file.path, undefined);
  for (const { meta } of publication.posts) {
    if (!publication.losers.has(meta)) addTarget(links, meta.file, { kind: isUnpublished(meta, options) ? "draft" : "page", url: meta.permalink });
  }
  return links;
}

/** The published posts as the layouts show them, with their tags, cards and neighbours. */
export function publishPosts(
  config: SiteConfig, urls: Urls, dates: DateFormat, kept: Loaded[], rendered: Rendered[], links: LinkIndex, reporter: Reporter,
  cache?: BlogCache,
): { posts: Post[]; unlisted: Post[]; tags: TagPage[]; cards: Card[]; present: Presenter } {
  const cards: Card[] = [];
  const present = createPresenter(config, urls, dates, links, cache);
  const all: Post[] = kept.map(({ meta }, i) => {
    const { shown, card } = present(meta, rendered[i]!, reporter);
    if (card) cards.push(card);
    // The post reads its metadata through its prototype: copying ~40 keys into 10,000 new objects
    // took a quarter of a second on every rebuild of the live preview.
    return Object.assign(Object.create(meta) as PostMeta, shown, { tagLinks: [], related: [] }) as Post;
  });
  // hidden: true (Jekyll's pagination): built at its URL, listed nowhere.
  const unlisted = all.filter((post) => post.hidden);
  const posts = unlisted.length > 0 ? all.filter((post) => !post.hidden) : all;
  // The tags, each post's tags and its related posts depend only on which posts there are, in what
  // order, with what tags: the live preview's rebuilds mostly change a post's text, and reuse them
  // (at 10,000 posts, 400 ms of a rebuild).
  const shape = posts.map((p): Shape => ({ file: p.file, tags: p.tags, at: p.tagPositions }));
  let structure = cache?.structure;
  if (!structure || !sameShape(structure.shape, shape)) {
    structure = { shape, ...capture((tagReporter) => structureOf(posts, tagReporter)) };
    if (cache) cache.structure = structure;
  }
  for (const d of structure.diagnostics) reporter.report(d);
  const tags: TagPage[] = structure.value.tags.map((tag) => ({
    name: tag.name, slug: tag.slug, permalink: tag.permalink, url: urls.url(tag.permalink),
    posts: tag.posts.map((i) => posts[i]!),
  }));
  const { tagsOf, related } = structure.value;
  checkRedirects([...posts, ...unlisted], tags, reporter);
  // One link object a post and a tag, shared by every page that links it.
  const postLinks = posts.map((p) => ({ title: p.title, url: p.url }));
  const tagLinks = tags.map((t) => ({ title: t.name, url: t.url }));
  posts.forEach((post, i) => {
    post.newer = postLinks[i - 1];
    post.older = postLinks[i + 1];
    post.tagLinks = tagsOf[i]!.map((t) => tagLinks[t]!);
    post.related = related[i]!.map((r) => postLinks[r]!);
  });
  linkSeries([...posts, ...unlisted]);
  return { posts, unlisted, tags, cards, present };
}

/** What a post shows of itself, from its metadata and its render alone (not its tags, neighbours or related posts), and its card to draw. */
export type Presenter = (meta: PostMeta, rendered: Rendered, reporter: Reporter) => {
  shown: Omit<Post, keyof PostMeta | "tagLinks" | "related" | "older" | "newer" | "seriesBox">;
  card?: Card;
};

function createPresenter(config: SiteConfig, urls: Urls, dates: DateFormat, links: LinkIndex, cache?: BlogCache): Presenter {
  // A post in another language than the site's shows its date in that language.
  const formats = new Map<string, DateFormat>();
  const dateIn = (lang: string | undefined) =>
    !lang || lang === config.lang ? dates : formats.get(lang) ?? formats.set(lang, createDateFormat(config.timezone, lang)).get(lang)!;
  return (meta, rendered, reporter) => {
    // Formatting dates and URLs was a fifth of a preview's publishing at 10,000 posts: made once a post.
    let known = cache?.shown?.get(meta);
    if (!known) {
      const dateText = dateIn(meta.lang).long(meta.date);
      const text = { site: config.title, title: meta.title, date: dateText, tags: meta.tags, ...(config.accent !== defaultSiteConfig.accent && { accent: config.accent }) };
      const name = !meta.image && config.social_cards ? cardName(text) : undefined;
      known = {
        url: urls.url(meta.permalink), dateIso: isoDay(meta.day), dateText,
        card: name === undefined ? undefined : { name, text, url: urls.url(cardPermalink(name)) },
      };
      if (cache) (cache.shown ??= new WeakMap()).set(meta, known);
    }
    const { url, dateIso, dateText, card } = known;
    return {
      shown: { url, ...postText(meta, rendered), image: shareImage(meta, links, reporter) ?? card?.url, card: card?.url, dateIso, dateText },
      card: card && { name: card.name, text: card.text, file: meta.file },
    };
  };
}

/** What a post shows of its render. */
function postText(meta: PostMeta, rendered: Rendered): Pick<Post, "html" | "excerpt" | "readingMinutes" | "headings" | "toc" | "math" | "diagrams"> {
  const { html, excerpt, words, headings, toc, math, diagrams } = rendered;
  return { html, excerpt: meta.description ?? excerpt, readingMinutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE)), headings, toc, math, diagrams };
}

/** Compared post by post: an unchanged post has the very same arrays (its metadata is reused), an edited one is compared by value. */
function sameShape(a: readonly Shape[], b: readonly Shape[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i]!;
    return x.file === y.file && (x.tags === y.tags || (x.tags.length === y.tags.length && x.tags.every((t, k) => t === y.tags[k]))) &&
      (x.at === y.at || (x.at.length === y.at.length && x.at.every((p, k) => p.line === y.at[k]!.line && p.column === y.at[k]!.column)));
  });
}

/** Tag names in Portuguese order: one collator (localeCompare with a locale makes one per call). */
const byName = new Intl.Collator("pt-BR").compare;

/** How many related posts a post shows, and how far down each of its tags they are looked for. */
const RELATED = 3;
const RELATED_SCAN = 200;

function structureOf(posts: readonly PostMeta[], reporter: Reporter): Structure {
  const tags = buildTagIndex(posts.map((p) => p.tags.map((name, i) => ({ name, file: p.file, ...p.tagPositions[i]! }))), reporter);
  const tagsOf: number[][] = posts.map(() => []);
  tags.forEach((tag, t) => {
    for (const i of tag.posts) tagsOf[i]!.push(t);
  });
  for (const list of tagsOf) list.sort((a, b) => byName(tags[a]!.name, tags[b]!.name));
  return { tags, tagsOf, related: relatedOf(tags, tagsOf) };
}

/**
 * "Posts relacionados": the posts sharing the most tags with each one, newest first among equals.
 * Each tag's newest posts only are looked at, so a tag on 5,000 posts costs 200 steps, not 5,000.
 */
function relatedOf(tags: readonly Tag[], tagsOf: readonly number[][]): number[][] {
  // Each tag's newest posts, by their place (posts are newest first).
  const newest = tags.map((tag) => tag.posts.slice(0, RELATED_SCAN));
  // Counts of shared tags, by place, and the places touched for this post: reset after each.
  const shared = new Int32Array(tagsOf.length);
  const touched: number[] = [];
  return tagsOf.map((own, self) => {
    for (const t of own) {
      for (const other of newest[t]!) {
        if (other === self) continue;
        if (shared[other]!++ === 0) touched.push(other);
      }
    }
    // The most shared tags first, newest (lowest place) first among equals: a short insertion into the top few.
    const best: number[] = [];
    for (const other of touched) {
      let at = best.length;
      while (at > 0 && (shared[best[at - 1]!]! < shared[other]! || (shared[best[at - 1]!] === shared[other] && best[at - 1]! > other))) at--;
      if (at < RELATED) {
        best.splice(at, 0, other);
        if (best.length > RELATED) best.pop();
      }
    }
    for (const other of touched) shared[other] = 0;
    touched.length = 0;
    return best;
  });
}

/** A series' parts in order (`series_order`, else oldest first), each post knowing its place. */
function linkSeries(posts: Post[]): void {
  const series = new Map<string, Post[]>();
  for (const post of posts) if (post.series) (series.get(post.series) ?? series.set(post.series, []).get(post.series)!).push(post);
  for (const [name, parts] of series) {
    parts.sort((a, b) => (a.seriesOrder ?? Infinity) - (b.seriesOrder ?? Infinity) || a.date.getTime() - b.date.getTime());
    const links = parts.map((p) => ({ title: p.title, url: p.url }));
    parts.forEach((post, index) => (post.seriesBox = { name, parts: links, index }));
  }
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
  const taken = new Map<string, string>();
  for (const post of posts) taken.set(urlKey(post.permalink), post.file);
  for (const tag of tags) taken.set(urlKey(tag.permalink), `the page of tag ${tag.name}`);
  for (const post of posts) {
    for (const from of post.redirectFrom) {
      const owner = taken.get(urlKey(from)) ?? (isSitePermalink(urlKey(from)) ? "a page of the site" : undefined);
      if (owner) {
        reporter.error(post.file, post.keyLines.redirect_from ?? 1, 1, "redirect-from",
          `redirect_from ${from} is already the URL of ${owner === post.file ? "this post" : owner}; remove it from the list`);
      } else taken.set(urlKey(from), `an old URL of ${post.file}`);
    }
  }
}

