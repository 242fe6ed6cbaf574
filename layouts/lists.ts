import type { Blog, Post, TagPage } from "../src/blog.ts";
import { basePage } from "./base.ts";
import { html } from "./html.ts";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function postList(posts: readonly Post[]) {
  return html`<ul class="post-list">${posts.map((post) => html`
<li><h2><a href="${post.url}">${post.title}</a></h2>
<p class="meta"><time datetime="${post.dateIso}">${post.dateText}</time>${post.draft ? html` <strong class="draft">Rascunho</strong>` : ""}</p>
${post.excerpt ? html`<p>${post.excerpt}</p>` : ""}</li>`)}
</ul>`;
}

export function homePage(blog: Blog): string {
  return basePage(blog, {
    title: blog.config.title,
    description: blog.config.description,
    content: html`<h1>${blog.config.title}</h1>
${blog.config.description ? html`<p>${blog.config.description}</p>` : ""}
${blog.posts.length > 0 ? postList(blog.posts) : html`<p>Nenhum post ainda.</p>`}`,
  });
}

export function tagPage(blog: Blog, tag: TagPage): string {
  return basePage(blog, {
    title: `Tag: ${tag.name}`,
    description: `Posts com a tag ${tag.name}`,
    content: html`<h1>Posts com a tag “${tag.name}”</h1>
<p class="meta">${plural(tag.posts.length, "post", "posts")} · <a href="${blog.url("/tags/")}">todas as tags</a></p>
${postList(tag.posts)}`,
  });
}

export function tagIndexPage(blog: Blog): string {
  return basePage(blog, {
    title: "Tags",
    description: `Todas as tags de ${blog.config.title}`,
    content: html`<h1>Tags</h1>
<ul class="tag-index">${blog.tags.map((tag) => html`
<li><a href="${tag.url}">${tag.name}</a> <span class="count">(${plural(tag.posts.length, "post", "posts")})</span></li>`)}
</ul>`,
  });
}
