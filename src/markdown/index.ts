import MarkdownIt from "markdown-it";
import { imageHtml, type ImageInfo } from "../images.ts";
import { excerptRule } from "./excerpt.ts";
import { liquidRule } from "../jekyll.ts";
import { headingIdsRule, headingLevelsRule } from "./headings.ts";
import { highlightCode } from "./highlight.ts";
import { rawHtmlRule } from "./html.ts";
import { linksRule } from "./links.ts";
import { nestingRule } from "./nesting.ts";
import { referencesRule } from "./references.ts";

import type { RenderEnv } from "./env.ts";

export type { RenderEnv };

/**
 * The one markdown-it instance of a build: CommonMark plus tables and strikethrough, raw HTML
 * allowed (as in Jekyll), indented code blocks kept (Eleventy turns them off by default).
 */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt("default", { html: true, linkify: false, typographer: false, highlight: highlightCode });
  md.use(nestingRule);
  md.use(referencesRule);
  md.use(linksRule);
  md.use(rawHtmlRule);
  md.use(headingLevelsRule);
  md.use(headingIdsRule);
  md.use(liquidRule);
  md.use(excerptRule);
  md.use(imageRenderer);
  return md;
}

/** Images the links rule sized are written by src/images.ts: `<picture>`, width, height, lazy loading. */
function imageRenderer(md: MarkdownIt): void {
  const plain = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const info = (token.meta as { image?: ImageInfo } | null)?.image;
    if (!info) return plain(tokens, idx, options, env, self);
    const first = !(env as RenderEnv).imagesShown;
    (env as RenderEnv).imagesShown = true;
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    return imageHtml(info, token.attrGet("src") ?? "", alt, token.attrGet("title"), first);
  };
}
