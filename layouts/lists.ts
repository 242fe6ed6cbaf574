import type { Blog, Post, TagPage } from "../src/model.ts";
import { basePage } from "./base.ts";
import { labelsFor } from "../src/labels.ts";
import { html } from "./html.ts";
import { postMeta } from "./post.ts";
import { homePermalink, SITE_PERMALINKS, searchBundlePermalink, tagFeedPermalink } from "../src/routes.ts";
import { searchShards } from "../src/search.ts";

function postList(blog: Blog, posts: readonly Post[]) {
  return html`<ul class="post-list">${posts.map((post) => html`
<li${post.lang && post.lang !== blog.config.lang ? html` lang="${post.lang}"` : ""}><h2><a href="${post.url}">${post.title}</a></h2>
<p class="meta">${postMeta(post, blog.config.lang)}</p>
${post.excerpt ? html`<p>${post.excerpt}</p>` : ""}</li>`)}
</ul>`;
}


export function homePageCount(blog: Blog): number {
  return Math.max(1, Math.ceil(blog.posts.length / blog.config.paginate));
}

export function homePage(blog: Blog, n = 1): string {
  const count = homePageCount(blog);
  const perPage = blog.config.paginate;
  const posts = blog.posts.slice((n - 1) * perPage, n * perPage);
  const t = labelsFor(blog.config.lang);
  const title = n === 1 ? blog.config.title : t.pageOf(blog.config.title, n, count);
  return basePage(blog, {
    title,
    description: blog.config.description,
    url: blog.url(homePermalink(n)),
    content: html`<h1>${title}</h1>
${n === 1 && blog.config.description ? html`<p>${blog.config.description}</p>` : ""}
${blog.posts.length > 0 ? postList(blog, posts) : html`<p>${t.noPosts}</p>`}
${count > 1 ? html`<nav class="pager" aria-label="${t.pages}">
${n > 1 ? html`<a class="newer" href="${blog.url(homePermalink(n - 1))}" rel="prev">&larr; ${t.newer}</a>` : ""}
${n < count ? html`<a class="older" href="${blog.url(homePermalink(n + 1))}" rel="next">${t.older} &rarr;</a>` : ""}
</nav>` : ""}`,
  });
}

export function tagPage(blog: Blog, tag: TagPage): string {
  const t = labelsFor(blog.config.lang);
  return basePage(blog, {
    title: t.tagTitle(tag.name),
    description: t.tagDescription(tag.name),
    url: tag.url,
    head: html`<link rel="alternate" type="application/atom+xml" title="${blog.config.title}: ${t.tagTitle(tag.name)}" href="${blog.url(tagFeedPermalink(tag.slug))}">`,
    content: html`<h1>${t.tagHeading(tag.name)}</h1>
<p class="meta">${t.posts(tag.posts.length)} · <a href="${blog.url(SITE_PERMALINKS.tags)}">${t.allTags}</a> · <a href="${blog.url(tagFeedPermalink(tag.slug))}">${t.tagFeed}</a></p>
${postList(blog, tag.posts)}`,
  });
}

export function tagIndexPage(blog: Blog): string {
  const t = labelsFor(blog.config.lang);
  return basePage(blog, {
    title: t.tags,
    description: t.allTagsOf(blog.config.title),
    url: blog.url(SITE_PERMALINKS.tags),
    content: html`<h1>${t.tags}</h1>
<ul class="tag-index">${blog.tags.map((tag) => html`
<li><a href="${tag.url}">${tag.name}</a> <span class="count">(${t.posts(tag.posts.length)})</span></li>`)}
</ul>`,
  });
}

/** Every post by year and month, newest first, at /arquivo/ (linked from the menu). */
export function archivePage(blog: Blog): string {
  const t = labelsFor(blog.config.lang);
  const monthName = new Intl.DateTimeFormat(blog.config.lang, { month: "long", timeZone: "UTC" });
  const years = new Map<number, Map<number, Post[]>>();
  for (const post of blog.posts) {
    const months = years.get(post.day.year) ?? years.set(post.day.year, new Map()).get(post.day.year)!;
    (months.get(post.day.month) ?? months.set(post.day.month, []).get(post.day.month)!).push(post);
  }
  const month = (m: number) => monthName.format(new Date(Date.UTC(2000, m - 1, 1))).replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  return basePage(blog, {
    title: t.archive,
    description: t.archiveDescription(blog.config.title),
    url: blog.url(SITE_PERMALINKS.archive),
    content: html`<h1>${t.archive}</h1>
${blog.posts.length === 0 ? html`<p>${t.noPosts}</p>` : ""}
${[...years].map(([year, months]) => html`<section class="archive-year" aria-labelledby="ano-${year}"><h2 id="ano-${year}">${year}</h2>
${[...months].map(([m, posts]) => html`<h3>${month(m)}</h3>
<ul class="archive">${posts.map((post) => html`<li><time datetime="${post.dateIso}">${String(post.day.day).padStart(2, "0")}</time> <a href="${post.url}">${post.title}</a></li>`)}</ul>`)}
</section>`)}`,
  });
}

export function notFoundPage(blog: Blog): string {
  const t = labelsFor(blog.config.lang);
  return basePage(blog, {
    title: t.notFound,
    description: t.notFoundDescription(blog.config.title),
    url: blog.url(SITE_PERMALINKS.notFound),
    content: html`<h1>${t.notFound}</h1>
<p>${t.notFoundText.lead} <a href="${blog.url(SITE_PERMALINKS.home)}">${t.notFoundText.home}</a> ${t.notFoundText.or} <a href="${blog.url(SITE_PERMALINKS.tags)}">${t.notFoundText.tags}</a>.</p>
${blog.posts.length > 0 ? html`<h2>${t.latestPosts}</h2>${postList(blog, blog.posts.slice(0, 5))}` : ""}`,
  });
}

/**
 * The search page: Pagefind's UI (its Portuguese strings follow <html lang>) over the index
 * `npm run build` writes. The header's search box is a plain form, so no other page loads script.
 */
export function searchPage(blog: Blog): string {
  const bundle = blog.url(searchBundlePermalink());
  // A large blog's index is in parts (src/search.ts): the first is Pagefind's bundle, the others merged into it.
  const parts = Array.from({ length: searchShards(blog) - 1 }, (_, i) => blog.url(searchBundlePermalink(i + 1)));
  const t = labelsFor(blog.config.lang);
  return basePage(blog, {
    title: t.search,
    description: t.searchDescription(blog.config.title),
    url: blog.url(SITE_PERMALINKS.search),
    // Pagefind's script and stylesheet are loaded when the box is first used (focused or touched),
    // or at once for a query in the address (`?q=`, from the header's box): a visit that does not
    // search runs no script (Pagefind's, run on arrival, blocked the page for 100–130 ms on a slow
    // phone: Lighthouse's total blocking time). Its box then takes the place of ours, in the space
    // #busca keeps for it, with what was typed, and the focus. #busca is a screen tall, so results
    // move no footer; on a blog with tags (`data-filters`) the stylesheet hides the results until
    // Pagefind has drawn the tag filters above them, which would otherwise push them down.
    content: html`<h1>${t.search}</h1>
<div id="busca" data-bundle="${bundle}"${blog.tags.length > 0 ? html` data-filters` : ""}${parts.length > 0 ? html` data-parts="${parts.join(" ")}"` : ""} data-input-label="${t.searchInput}"><input type="search" aria-label="${t.searchInput}" placeholder="${t.searchInput}" autocomplete="off"><noscript>${t.searchNeedsScript}</noscript></div>
<script>
(() => {
  const box = document.getElementById("busca");
  const field = box.querySelector("input");
  const show = () => {
    const typed = field.value;
    const focused = document.activeElement === field;
    field.remove();
    const mergeIndex = (box.dataset.parts ?? "").split(" ").filter(Boolean).map((bundlePath) => ({ bundlePath }));
    const ui = new PagefindUI({ element: box, bundlePath: box.dataset.bundle, mergeIndex, showImages: false, resetStyles: false });
    const input = box.querySelector("input");
    // Pagefind's input has only a placeholder; a screen reader needs a name.
    input?.setAttribute("aria-label", box.dataset.inputLabel);
    if (typed) ui.triggerSearch(typed);
    if (focused) input?.focus();
  };
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const css = Object.assign(document.createElement("link"), { rel: "stylesheet", href: box.dataset.bundle + "pagefind-ui.css" });
    const script = Object.assign(document.createElement("script"), { src: box.dataset.bundle + "pagefind-ui.js" });
    // Shown once both came; without its stylesheet (it failed to load) the search still works, unstyled.
    let waiting = 2;
    const ready = () => --waiting === 0 && show();
    css.addEventListener("load", ready, { once: true });
    css.addEventListener("error", ready, { once: true });
    script.addEventListener("load", ready, { once: true });
    document.head.append(css, script);
  };
  for (const event of ["focus", "pointerdown", "input"]) field.addEventListener(event, start, { once: true });
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    field.value = query;
    start();
  }
})();
</script>`,
  });
}

/**
 * A page at an old URL of a post (jekyll-redirect-from's `redirect_from`): it sends the browser
 * on at once, tells search engines where the post lives now, and is listed nowhere.
 */
/** A page that leads to `to` (the post's own URL, for an old address; or where the post moved, its `redirect_to`). */
export function redirectPage(blog: Blog, post: Post, to = post.url): string {
  return html`<!DOCTYPE html>
<html lang="${post.lang ?? blog.config.lang}">
<head>
<meta charset="utf-8">
<title>${post.title}</title>
<link rel="canonical" href="${blog.absolute(to)}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${to}">
</head>
<body>
<p>${labelsFor(post.lang ?? blog.config.lang).moved} <a href="${to}">${post.title}</a>.</p>
</body>
</html>
`.value;
}
