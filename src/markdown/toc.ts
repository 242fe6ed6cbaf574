import { labelsFor } from "../labels.ts";
import type MarkdownIt from "markdown-it";
import { escapeHtml } from "../escape.ts";
import { TOC_MARKER } from "../liquid.ts";
import type { RenderEnv } from "./env.ts";

/** A table of contents is worth its space from three headings on. */
const TOC_FROM = 3;

/**
 * The table of contents, as a token of its own where kramdown's `{:toc}` was (the Liquid pass leaves
 * a marker block there). A post with three headings or more and no `{:toc}` gets one above its text:
 * `env.toc`, which the post layout places.
 */
export function tocRule(md: MarkdownIt): void {
  md.core.ruler.push("blog_toc", (state) => {
    const env = state.env as RenderEnv;
    const headings = env.headings ?? [];
    let placed = false;
    for (const token of state.tokens) {
      if (token.type === "html_block" && token.content.trim() === TOC_MARKER) {
        token.type = "blog_toc";
        placed = true;
      }
    }
    env.toc = !placed && headings.length >= TOC_FROM ? tableOfContents(headings, env.lang) : "";
  });
  md.renderer.rules.blog_toc = (_tokens, _idx, _options, env: RenderEnv) => tableOfContents(env.headings ?? [], env.lang);
}

function tableOfContents(headings: { level: number; id: string; text: string }[], lang: string | undefined): string {
  const items = headings.map((h) => `<li class="toc-${h.level}"><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`);
  return `<nav class="toc" aria-labelledby="neste-artigo" data-pagefind-ignore><h2 id="neste-artigo">${escapeHtml(labelsFor(lang).tableOfContents)}</h2><ol>${items.join("")}</ol></nav>\n`;
}
