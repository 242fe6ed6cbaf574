import { readFileSync } from "node:fs";
import type { Blog } from "../src/blog.ts";
import { type Html, html } from "./html.ts";

// One small stylesheet, inlined: no extra request before the first paint.
const css = readFileSync(new URL("./style.css", import.meta.url), "utf8");

export interface PageOptions {
  title: string;
  description?: string;
  content: Html;
}

/** The shell every page shares. The page title comes first, then the blog's name. */
export function basePage(blog: Blog, { title, description, content }: PageOptions): string {
  const { config } = blog;
  const fullTitle = title === config.title ? title : `${title} · ${config.title}`;
  return html`<!doctype html>
<html lang="${config.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${description ? html`<meta name="description" content="${description}">` : ""}
<style>${css}</style>
</head>
<body>
<header class="site"><div class="wrap">
<a class="brand" href="${blog.url("/")}">${config.title}</a>
<nav aria-label="Principal"><a href="${blog.url("/")}">Início</a><a href="${blog.url("/tags/")}">Tags</a></nav>
</div></header>
<main class="wrap">
${content}
</main>
<footer class="site"><div class="wrap">${config.title}${config.author ? html` · ${config.author}` : ""}</div></footer>
</body>
</html>
`.value;
}
