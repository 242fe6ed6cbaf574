import MarkdownIt from "markdown-it";
import { excerptRule } from "./excerpt.ts";
import { liquidRule } from "../jekyll.ts";
import { headingIdsRule, headingLevelsRule } from "./headings.ts";
import { highlightCode } from "./highlight.ts";
import { rawHtmlRule } from "./html.ts";
import { linksRule } from "./links.ts";
import { nestingRule } from "./nesting.ts";
import { referencesRule } from "./references.ts";

export type { RenderEnv } from "./env.ts";

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
  md.use(headingIdsRule);
  md.use(headingLevelsRule);
  md.use(liquidRule);
  md.use(excerptRule);
  return md;
}
