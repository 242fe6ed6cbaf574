import type { Blog, Post, TagPage } from "../src/model.ts";
import { basePage } from "./base.ts";
import { html } from "./html.ts";
import { postMeta } from "./post.ts";
import { homePermalink, SITE_PERMALINKS, searchBundlePermalink } from "../src/routes.ts";

/** Posts per home page, as the Eleventy base blog and Jekyll's paginate do. */

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function postList(posts: readonly Post[]) {
  return html`<ul class="post-list">${posts.map((post) => html`
<li><h2><a href="${post.url}">${post.title}</a></h2>
<p class="meta">${postMeta(post)}</p>
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
  const title = n === 1 ? blog.config.title : `${blog.config.title}, página ${n} de ${count}`;
  return basePage(blog, {
    title,
    description: blog.config.description,
    url: blog.url(homePermalink(n)),
    content: html`<h1>${title}</h1>
${n === 1 && blog.config.description ? html`<p>${blog.config.description}</p>` : ""}
${blog.posts.length > 0 ? postList(posts) : html`<p>Nenhum post ainda.</p>`}
${count > 1 ? html`<nav class="pager" aria-label="Páginas">
${n > 1 ? html`<a class="newer" href="${blog.url(homePermalink(n - 1))}" rel="prev">&larr; Mais recentes</a>` : ""}
${n < count ? html`<a class="older" href="${blog.url(homePermalink(n + 1))}" rel="next">Anteriores &rarr;</a>` : ""}
</nav>` : ""}`,
  });
}

export function tagPage(blog: Blog, tag: TagPage): string {
  return basePage(blog, {
    title: `Tag: ${tag.name}`,
    description: `Posts com a tag ${tag.name}`,
    url: tag.url,
    content: html`<h1>Posts com a tag &ldquo;${tag.name}&rdquo;</h1>
<p class="meta">${plural(tag.posts.length, "post", "posts")} · <a href="${blog.url(SITE_PERMALINKS.tags)}">todas as tags</a></p>
${postList(tag.posts)}`,
  });
}

export function tagIndexPage(blog: Blog): string {
  return basePage(blog, {
    title: "Tags",
    description: `Todas as tags de ${blog.config.title}`,
    url: blog.url(SITE_PERMALINKS.tags),
    content: html`<h1>Tags</h1>
<ul class="tag-index">${blog.tags.map((tag) => html`
<li><a href="${tag.url}">${tag.name}</a> <span class="count">(${plural(tag.posts.length, "post", "posts")})</span></li>`)}
</ul>`,
  });
}

export function notFoundPage(blog: Blog): string {
  return basePage(blog, {
    title: "Página não encontrada",
    description: `Esta página não existe em ${blog.config.title}; veja os posts mais recentes ou as tags.`,
    url: blog.url(SITE_PERMALINKS.notFound),
    content: html`<h1>Página não encontrada</h1>
<p>O endereço pode ter mudado ou nunca ter existido. <a href="${blog.url(SITE_PERMALINKS.home)}">Volte para o início</a> ou veja as <a href="${blog.url(SITE_PERMALINKS.tags)}">tags</a>.</p>
${blog.posts.length > 0 ? html`<h2>Posts mais recentes</h2>${postList(blog.posts.slice(0, 5))}` : ""}`,
  });
}

/**
 * The search page: Pagefind's UI (its Portuguese strings follow <html lang>) over the index
 * `npm run build` writes. The header's search box is a plain form, so no other page loads script.
 */
export function searchPage(blog: Blog): string {
  const bundle = blog.url(searchBundlePermalink());
  return basePage(blog, {
    title: "Busca",
    description: `Busca nos posts de ${blog.config.title}`,
    url: blog.url(SITE_PERMALINKS.search),
    // Neither Pagefind's stylesheet nor its script holds up the first paint: the page's heading shows
    // at once, and the search box comes when the script has run (deferred, in order) and the
    // stylesheet has loaded, drawn once, styled, in the space #busca keeps for it. Drawn before its
    // stylesheet came, the box was drawn again when it did: a layout shift (0.0003, Lighthouse saw it).
    head: html`<script defer src="${bundle}pagefind-ui.js"></script>`,
    content: html`<h1>Busca</h1>
<div id="busca" data-bundle="${bundle}"><noscript>A busca precisa de JavaScript.</noscript></div>
<script>
addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("busca");
  const css = Object.assign(document.createElement("link"), { rel: "stylesheet", href: box.dataset.bundle + "pagefind-ui.css" });
  const show = () => {
    const ui = new PagefindUI({ element: box, bundlePath: box.dataset.bundle, showImages: false, resetStyles: false });
    // Pagefind's input has only a placeholder; a screen reader needs a name.
    box.querySelector("input")?.setAttribute("aria-label", "Buscar nos posts");
    const query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  };
  // Without its stylesheet (it failed to load) the search still works, unstyled.
  css.addEventListener("load", show, { once: true });
  css.addEventListener("error", show, { once: true });
  document.head.append(css);
});
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
<p>Este post mudou de endereço: <a href="${to}">${post.title}</a>.</p>
</body>
</html>
`.value;
}
