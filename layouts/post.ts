import type { Author, Blog, Post } from "../src/model.ts";
import { hasScheme } from "../src/routes.ts";
import { basePage } from "./base.ts";
import { type Labels, labelsFor } from "../src/labels.ts";
import { html, raw } from "./html.ts";
import { katexStylesheet } from "../src/markdown/math.ts";
import { MERMAID_MODULE } from "../src/markdown/mermaid.ts";

/** mermaid draws the page's diagrams once it has loaded (a module script runs after the page is parsed), in the reader's colour scheme. */
function mermaidScript(blog: Blog) {
  const module = JSON.stringify(blog.url(MERMAID_MODULE)).replace(/</g, "\\u003c");
  return html`<script type="module">import mermaid from ${raw(module)};
mermaid.initialize({ startOnLoad: true, securityLevel: "strict", theme: matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "default" });</script>`;
}

/** What an article's `<head>` loads for what it shows: KaTeX's stylesheet for a formula, mermaid for a diagram. */
export function articleHead(blog: Blog, article: { math: boolean; diagrams: boolean }) {
  return html`${article.math ? html`<link rel="stylesheet" href="${blog.url(katexStylesheet.permalink)}">` : ""}${article.diagrams ? mermaidScript(blog) : ""}`;
}

/**
 * Pagefind decodes entities in the values it indexes, and its UI 1.6 inserts filter names as HTML:
 * escaping is undone on the way. So what it gets holds no `<`, `>` or entity: those become look-alike
 * characters, and nothing can become markup whichever way the value is shown.
 */
export function forPagefind(text: string): string {
  return text.replace(/</g, "‹").replace(/>/g, "›").replace(/&(?=[#a-zA-Z])/g, "＆");
}

export function postMeta(post: Post, lang: string) {
  const t = labelsFor(post.lang ?? lang);
  return html`<time datetime="${post.dateIso}">${post.dateText}</time> · ${t.minutesRead(post.readingMinutes)}${post.draft ? html` <strong class="draft">${t.draft}</strong>` : post.date > new Date() ? html` <strong class="draft">${t.scheduled}</strong>` : ""}`;
}

/**
 * giscus (GitHub Discussions) under the post: its script is on post pages only, and giscus loads
 * the discussion lazily, when the reader scrolls to it.
 */
function comments(settings: NonNullable<Blog["config"]["comments"]>, lang: string) {
  return html`<section class="comments" aria-label="${labelsFor(lang).comments}"><script src="https://giscus.app/client.js" data-repo="${settings.repo}" data-repo-id="${settings.repo_id}" data-category="${settings.category}" data-category-id="${settings.category_id}" data-mapping="${settings.mapping}" data-reactions-enabled="1" data-input-position="top" data-theme="preferred_color_scheme" data-lang="${lang.startsWith("pt") ? "pt" : lang.split("-")[0]}" data-loading="lazy" crossorigin="anonymous" async></script></section>`;
}

/** "· por Ana Souza", with her avatar (a small, sized image) and her link when `_data/authors.yml` gives them. */
function byline(blog: Blog, author: Author, t: Labels) {
  const avatar = author.avatar ? html`<img class="avatar" src="${hasScheme(author.avatar) ? author.avatar : blog.url(author.avatar)}" alt="" width="24" height="24" loading="lazy"> ` : "";
  const name = author.url ? html`<a href="${hasScheme(author.url) ? author.url : blog.url(author.url)}" rel="author">${author.name}</a>` : author.name;
  return html` · <span class="author">${avatar}${t.by} ${name}</span>`;
}

/** The parts of the post's series, in order, the current one marked (and not a link to itself). */
function seriesBox(series: NonNullable<Post["seriesBox"]>, t: Labels) {
  return html`<nav class="series" aria-label="${t.seriesLabel(series.name)}" data-pagefind-ignore><p>${t.seriesPart(series.index + 1, series.parts.length, series.name)}</p><ol>${series.parts.map((part, i) =>
    i === series.index ? html`<li><strong aria-current="page">${part.title}</strong></li>` : html`<li><a href="${part.url}">${part.title}</a></li>`)}</ol></nav>`;
}

export function postPage(blog: Blog, post: Post): string {
  const t = labelsFor(post.lang ?? blog.config.lang);
  // `author: ana` is `_data/authors.yml`'s ana when there is one, else the name as written.
  const author = post.author ? blog.extras.authors[post.author] ?? { name: post.author } : undefined;
  const writer = post.author ? blog.extras.authors[post.author]?.name ?? post.author : blog.config.author;
  const credit = writer ? { "@type": "Person", name: writer } : { "@type": "Organization", name: blog.config.title };
  return basePage(blog, {
    title: post.title,
    description: post.excerpt,
    url: post.url,
    type: "article",
    image: post.image,
    card: post.card !== undefined,
    jsonLd: {
      "@context": "https://schema.org", "@type": "BlogPosting", headline: post.title, description: post.excerpt,
      datePublished: post.date.toISOString(), dateModified: post.date.toISOString(), inLanguage: post.lang ?? blog.config.lang,
      url: blog.absolute(post.url), mainEntityOfPage: blog.absolute(post.url), author: credit,
      ...(post.image ? { image: blog.absolute(post.image) } : {}), keywords: post.tags.join(", "),
    },
    lang: post.lang,
    head: articleHead(blog, post),
    // A hidden post is not in search results either: Pagefind indexes only pages that mark a body.
    content: html`<article${post.hidden ? "" : raw(" data-pagefind-body")}>
<h1 data-pagefind-meta="title[data-title]" data-title="${forPagefind(post.title)}">${post.title}</h1>
<p class="meta" data-pagefind-meta="${t.published}[data-date]" data-date="${forPagefind(post.dateText)}" data-pagefind-ignore>${postMeta(post, blog.config.lang)}${author ? byline(blog, author, t) : ""}</p>
${post.seriesBox ? seriesBox(post.seriesBox, t) : ""}
${raw(post.toc)}
${raw(post.html)}
${post.tagLinks.length > 0 ? html`<footer><nav aria-label="Tags"><ul class="tags">${post.tagLinks.map((t) => html`<li><a href="${t.url}" rel="tag" data-pagefind-filter="tag[data-tag]" data-tag="${forPagefind(t.title)}">${t.title}</a></li>`)}</ul></nav></footer>` : ""}
</article>
${blog.config.comments && post.comments ? comments(blog.config.comments, post.lang ?? blog.config.lang) : ""}
${post.related.length > 0 ? html`<aside class="related" aria-labelledby="relacionados" data-pagefind-ignore><h2 id="relacionados">${t.relatedPosts}</h2><ul>${post.related.map((r) => html`<li><a href="${r.url}">${r.title}</a></li>`)}</ul></aside>` : ""}
<nav class="pager" aria-label="${t.otherPosts}">
${post.older ? html`<a class="older" href="${post.older.url}" rel="prev">&larr; ${post.older.title}</a>` : ""}
${post.newer ? html`<a class="newer" href="${post.newer.url}" rel="next">${post.newer.title} &rarr;</a>` : ""}
</nav>`,
  });
}
