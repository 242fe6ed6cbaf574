import MarkdownIt, { type PluginWithOptions } from "markdown-it";
import abbr from "markdown-it-abbr";
import attrs from "markdown-it-attrs";
import deflist from "markdown-it-deflist";
import { full as emoji } from "markdown-it-emoji";
import footnote from "markdown-it-footnote";
import taskLists from "markdown-it-task-lists";
import { imageHtml } from "../images.ts";
import { excerptRule } from "./excerpt.ts";
import { figureRule } from "./figure.ts";
import { footnotesRule } from "./footnotes.ts";
import { liquidRule } from "../jekyll.ts";
import { headingIdsRule, headingLevelsRule } from "./headings.ts";
import { highlightCode } from "./highlight.ts";
import { rawHtmlRule } from "./html.ts";
import { linksRule } from "./links.ts";
import { kramdownHtmlRule } from "./kramdown-html.ts";
import { kramdownIalRule } from "./kramdown-ial.ts";
import { kramdownTableRule } from "./kramdown-table.ts";
import { mathRule } from "./math.ts";
import { mermaidRule } from "./mermaid.ts";
import { nestingRule } from "./nesting.ts";
import { referencesRule } from "./references.ts";
import { tocRule } from "./toc.ts";
import { typographyRule } from "./typography.ts";

import type { RenderEnv } from "./env.ts";

export type { RenderEnv };

/** The site's kramdown settings that change what Markdown shows (src/site.ts reads them). */
export interface MarkdownSettings {
  /** Double then single quotes, as markdown-it's `quotes` option: kramdown's `smart_quotes`. */
  quotes?: string;
  /** Jekyll's `kramdown.syntax_highlighter_opts.block.line_numbers`: every code block numbered. */
  lineNumbers?: boolean;
  /** kramdown's HTML blocks (`markdown: kramdown`): an element runs to its closing tag; `markdown="1"`. */
  kramdownHtml?: boolean;
  /** A titled image alone in its paragraph is a figure with a caption (not with `markdown: kramdown`: Jekyll shows a tooltip). */
  figures?: boolean;
}

/**
 * The one markdown-it instance of a build: CommonMark plus tables and strikethrough, raw HTML
 * allowed (as in Jekyll), indented code blocks kept (Eleventy turns them off by default).
 */
export function createMarkdown(settings: MarkdownSettings = {}): MarkdownIt {
  // typographer: kramdown's smart quotes (“ ” ‘ ’, its defaults and Portuguese ones); its dashes and
  // ellipsis come from typographyRule, in place of markdown-it's wider replacements.
  const md = new MarkdownIt("default", { html: true, linkify: true, typographer: true, highlight: highlightCode, quotes: settings.quotes ?? "“”‘’" });
  // GitHub's autolinks: a bare https:// URL is a link. Only with its scheme: `config.yml` or
  // `notas.md` in Portuguese prose are not addresses (.md and .yml would be Moldova's and no TLD).
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.disable("replacements");
  md.use(typographyRule);
  md.use(nestingRule);
  // kramdown's attribute lists (`{: .classe}`, `{:#id}`; src/liquid.ts turns a heading's `{#id}`
  // into `{:#id}`). Only with the colon: a plain `{…}` at the end of a line is the author's text
  // (`a {color: red}`). Only these attributes, so a post cannot add an event handler.
  // (Its types are written against markdown-it's CommonJS types; the plugin is the same function.)
  md.use(attrs as unknown as PluginWithOptions<{ leftDelimiter: string; allowedAttributes: string[] }>,
    { leftDelimiter: "{:", allowedAttributes: ["id", "class", "target", "title", "width", "height"] });
  // What kramdown (Jekyll's GFM input) and GitHub also read: footnotes, definition lists,
  // abbreviations, task lists, and :emoji: (jemoji is a GitHub Pages default; its `:)` shortcuts are not).
  md.use(footnote);
  md.use(footnotesRule);
  md.use(deflist);
  md.use(abbr);
  md.use(taskLists, { enabled: false, label: true });
  md.use(emoji, { shortcuts: {} });
  md.use(mathRule);
  md.use(kramdownTableRule);
  md.use(kramdownIalRule);
  if (settings.kramdownHtml) md.use(kramdownHtmlRule);
  md.use(referencesRule);
  md.use(linksRule);
  md.use(rawHtmlRule);
  md.use(headingLevelsRule);
  md.use(headingIdsRule);
  md.use(liquidRule);
  md.use(excerptRule);
  if (settings.figures ?? true) md.use(figureRule);
  md.use(imageRenderer);
  md.use(lineNumbers, settings.lineNumbers ?? false);
  md.use(mermaidRule);
  md.use(tocRule);
  return md;
}

/** Images the links rule sized are written by src/images.ts: `<picture>`, width, height, lazy loading. */
function imageRenderer(md: MarkdownIt): void {
  const plain = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const { source, caption } = (token.meta ?? {}) as { source?: string; caption?: string };
    // A figure's title is its caption (src/markdown/figure.ts), not also a tooltip.
    if (caption) token.attrs = (token.attrs ?? []).filter(([name]) => name !== "title");
    const figcaption = caption ? `<figcaption>${md.utils.escapeHtml(caption)}</figcaption>` : "";
    const info = source === undefined ? undefined : (env as RenderEnv).measured?.get(source);
    if (!info || info instanceof Error) return plain(tokens, idx, options, env, self) + figcaption;
    const first = !(env as RenderEnv).imagesShown;
    (env as RenderEnv).imagesShown = true;
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    return imageHtml(info, token.attrGet("src") ?? "", alt, token.attrGet("title"), first) + figcaption;
  };
}

/**
 * `linenos` after a fence's language (Jekyll's `{% highlight bash linenos %}`), or every block when
 * the site's kramdown settings say so: a column of line numbers beside the code, hidden from screen readers and from copying.
 */
function lineNumbers(md: MarkdownIt, always: boolean): void {
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (!always && !/\slinenos\b/.test(token.info)) return fence(tokens, idx, options, env, self);
    const language = token.info.trim().split(/\s+/)[0]!;
    const code = highlightCode(token.content, language) || md.utils.escapeHtml(token.content);
    const count = token.content.replace(/\n$/, "").split("\n").length;
    const numbers = Array.from({ length: count }, (_, i) => i + 1).join("\n");
    const className = md.utils.escapeHtml(options.langPrefix + language);
    return `<pre class="linenos"><span class="gutter" aria-hidden="true">${numbers}</span><code class="${className}">${code}</code></pre>\n`;
  };
}
