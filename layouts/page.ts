import type { Blog, SitePage } from "../src/model.ts";
import { basePage } from "./base.ts";
import { html, raw } from "./html.ts";
import { articleHead, forPagefind } from "./post.ts";

/** An author's page (`pages/sobre.md`): the post's shell without date, reading time, tags or pager. */
export function authoredPage(blog: Blog, page: SitePage): string {
  return basePage(blog, {
    title: page.title,
    description: page.description,
    url: page.url,
    lang: page.lang,
    head: articleHead(blog, page),
    content: html`<article data-pagefind-body>
<h1 data-pagefind-meta="title[data-title]" data-title="${forPagefind(page.title)}">${page.title}</h1>
${raw(page.toc)}
${raw(page.html)}
</article>`,
  });
}
