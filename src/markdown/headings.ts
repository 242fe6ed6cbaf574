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
      open.attrs = [["class", "anchor"], ["href", `#${id}`], ["aria-label", `Link para a seção «${text}»`], ["data-pagefind-ignore", ""]];
      const mark = new state.Token("text", "", 0);
      mark.content = "#";
      inline.children = [...(inline.children ?? []), new state.Token("text", "", 0), open, mark, new state.Token("link_close", "a", -1)];
      inline.children[inline.children.length - 4]!.content = " ";
    }
  });
}

/**
 * A heading that skips a level (`##` then `####`) breaks the outline screen readers and tables of
 * contents follow. The first heading may be at any level: the post's title is the page's `<h1>`.
 */
export function headingLevelsRule(md: MarkdownIt): void {
  md.core.ruler.push("blog_heading_levels", (state) => {
    const env = state.env as RenderEnv;
    let previous = 0;
    for (const token of state.tokens) {
      if (token.type !== "heading_open" || token.level !== 0) continue;
      const level = Number(token.tag.slice(1));
      if (previous > 0 && level > previous + 1) {
        const line = token.map?.[0] ?? 0;
        env.reporter.warning(env.file, env.bodyLine + line + 1, 1, "heading-skip",
          `this ${"#".repeat(level)} heading comes after a ${"#".repeat(previous)} one, skipping a level; use ${"#".repeat(previous + 1)}`);
      }
      previous = level;
    }
  });
}
