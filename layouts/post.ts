import type { Blog, Post } from "../src/blog.ts";
import { basePage } from "./base.ts";
import { html, raw } from "./html.ts";

export function postPage(blog: Blog, post: Post): string {
  return basePage(blog, {
    title: post.title,
    description: post.excerpt,
    content: html`<article>
<h1>${post.title}</h1>
<p class="meta"><time datetime="${post.dateIso}">${post.dateText}</time>${post.draft ? html` <strong class="draft">Rascunho: não publicado</strong>` : ""}</p>
${raw(post.html)}
${post.tagLinks.length > 0 ? html`<footer><ul class="tags" aria-label="Tags">${post.tagLinks.map((t) => html`<li><a href="${t.url}" rel="tag">${t.title}</a></li>`)}</ul></footer>` : ""}
</article>
<nav class="pager" aria-label="Outros posts">
${post.older ? html`<a class="older" href="${post.older.url}" rel="prev">← ${post.older.title}</a>` : ""}
${post.newer ? html`<a class="newer" href="${post.newer.url}" rel="next">${post.newer.title} →</a>` : ""}
</nav>`,
  });
}
