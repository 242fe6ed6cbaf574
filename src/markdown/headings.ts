import { labelsFor } from "../labels.ts";
import GithubSlugger from "github-slugger";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { RenderEnv } from "./env.ts";

/** Plain text of an inline token, as a reader sees it. */
export function inlineText(inline: Token): string {
  let text = "";
  for (const child of inline.children ?? []) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
    else if (child.type === "image") text += child.content;
  }
  return text;
}

/**
 * Heading ids the way GitHub's preview makes them (accents kept, `-1` for repeats), so an in-page
 * link written against the preview (`#introdução`) works on the site too.
 */
export function headingIdsRule(md: MarkdownIt): void {
  md.core.ruler.push("blog_heading_ids", (state) => {
    const env = state.env as RenderEnv;
    const slugger = new GithubSlugger();
    const tokens = state.tokens;
    env.headings = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const inline = tokens[i + 1];
      if (token.type !== "heading_open" || inline?.type !== "inline") continue;
      const text = inlineText(inline);
      const id = token.attrGet("id") ?? slugger.slug(text);
      token.attrSet("id", id);
      if (token.level === 0) env.headings.push({ level: Number(token.tag.slice(1)), id, text });
      // A visible anchor, so a reader can link to the section (as GitHub's preview offers). Only
      // Latin-1 characters of our own: V8 then keeps a Portuguese page as one byte per character.
      const open = new state.Token("link_open", "a", 1);
      open.attrs = [["class", "anchor"], ["href", `#${id}`], ["aria-label", labelsFor(env.lang).linkToSection(text)], ["data-pagefind-ignore", ""]];
      const mark = new state.Token("text", "", 0);
      mark.content = "#";
      inline.children = [...(inline.children ?? []), new state.Token("text", "", 0), open, mark, new state.Token("link_close", "a", -1)];
      inline.children[inline.children.length - 4]!.content = " ";
    }
  });
}

/**
 * A heading that skips a level (`##` then `####`) breaks the outline screen readers and tables of
 * contents follow: it is a warning, and the page's outline is mended either way. The post's title
 * is the page's `<h1>`, so its highest heading level becomes `<h2>`, and no heading goes more than
 * one level below the one before it (`#### A`, `#### B` → `<h2>`, `<h2>`; `##`, `####` → `<h2>`, `<h3>`).
 * The first heading may be at any level without a warning.
 */
export function headingLevelsRule(md: MarkdownIt): void {
  md.core.ruler.push("blog_heading_levels", (state) => {
    const env = state.env as RenderEnv;
    const tokens = state.tokens;
    let top = 7;
    for (const token of tokens) if (token.type === "heading_open") top = Math.min(top, Number(token.tag.slice(1)));
    let previous = 0;
    let shown = 1;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== "heading_open") continue;
      const level = Number(token.tag.slice(1));
      if (token.level === 0) {
        if (previous > 0 && level > previous + 1) {
          const line = token.map?.[0] ?? 0;
          env.reporter.warning(env.file, env.bodyLine + line + 1, 1, "heading-skip",
            `this ${"#".repeat(level)} heading comes after a ${"#".repeat(previous)} one, skipping a level; use ${"#".repeat(previous + 1)}`);
        }
        previous = level;
      }
      shown = Math.min(level - top + 2, shown + 1, 6);
      token.tag = `h${shown}`;
      // heading_open, inline, heading_close: markdown-it always writes the three together.
      tokens[i + 2]!.tag = token.tag;
    }
  });
}
