import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { RenderEnv } from "./env.ts";
import { inlineText } from "./headings.ts";

const MORE = /<!--\s*more\s*-->/;

/** True for `<!--more-->`, or the site's separator in text or HTML: never in code, which is content. */
function isMarker(token: Token, separator: string | undefined): boolean {
  if (token.type === "html_block" || token.type === "html_inline") {
    return MORE.test(token.content) || (separator !== undefined && token.content.includes(separator));
  }
  return token.type === "text" && separator !== undefined && token.content.includes(separator);
}

/**
 * The excerpt, as Jekyll makes it: the text before `<!--more-->` when there is one, else the first
 * paragraph; as plain text. Also counts the words, for the reading time.
 */
export function excerptRule(md: MarkdownIt): void {
  md.core.ruler.after("inline", "blog_excerpt", (state) => {
    const env = state.env as RenderEnv;
    const tokens = state.tokens;
    const separator = env.excerptSeparator?.trim() ? env.excerptSeparator : undefined;
    const isMore = (t: Token) => isMarker(t, separator);
    const more = tokens.findIndex((t) => isMore(t) || (t.type === "inline" && t.children!.some(isMore)));
    const plain = (token: Token) => inlineText(token).replace(/\s+/g, " ").trim();
    let words = 0;
    let excerpt: string | undefined;
    const parts: string[] = [];
    tokens.forEach((token, i) => {
      if (token.type === "code_block" || token.type === "fence") words += countWords(token.content);
      if (token.type !== "inline") return;
      for (const child of token.children!) if (child.type === "text" || child.type === "code_inline") words += countWords(child.content);
      if (more >= 0) {
        if (i < more) parts.push(plain(token));
      } else if (excerpt === undefined && tokens[i - 1]?.type === "paragraph_open" && token.level === 1
        && token.children!.some((c) => c.type === "text" && c.content.trim() !== "")) {
        excerpt = plain(token);
      }
    });
    env.excerpt = more >= 0 ? parts.filter(Boolean).join(" ") : (excerpt ?? "");
    env.words = words;
  });
}

/** Words, counted without allocating: each start of a run of non-space characters. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 160;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
