import GithubSlugger from "github-slugger";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

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
    const slugger = new GithubSlugger();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== "heading_open" || token.attrGet("id") !== null) continue;
      const inline = tokens[i + 1];
      if (inline?.type === "inline") token.attrSet("id", slugger.slug(inlineText(inline)));
    }
  });
}
