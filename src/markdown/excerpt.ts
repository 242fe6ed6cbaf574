import type MarkdownIt from "markdown-it";
import type { RenderEnv } from "./env.ts";
import { inlineText } from "./headings.ts";

const MORE = /<!--\s*more\s*-->/;

/**
 * The excerpt, as Jekyll makes it: the text before `<!--more-->` when there is one, else the first
 * paragraph; as plain text. Also counts the words, for the reading time.
 */
export function excerptRule(md: MarkdownIt): void {
  md.core.ruler.after("inline", "blog_excerpt", (state) => {
    const env = state.env as RenderEnv;
    let first: string | undefined;
    let before = "";
    let more = false;
    let words = 0;
    state.tokens.forEach((token, i) => {
      if (!more && (token.type === "html_block" || token.type === "html_inline") && MORE.test(token.content)) more = true;
      if (token.type !== "inline") {
        if (token.type === "code_block" || token.type === "fence") words += count(token.content);
        return;
      }
      if (!more && token.children?.some((c) => c.type === "html_inline" && MORE.test(c.content))) more = true;
      const text = inlineText(token).replace(/\s+/g, " ").trim();
      words += count(text);
      if (!more) before += (before ? " " : "") + text;
      const paragraph = state.tokens[i - 1]?.type === "paragraph_open" && token.level === 1;
      if (first === undefined && paragraph && token.children?.some((c) => c.type === "text" && c.content.trim() !== "")) first = text;
    });
    env.excerpt = (more ? before.trim() : first) ?? "";
    env.words = words;
  });
}

function count(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
