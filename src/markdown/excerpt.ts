import type MarkdownIt from "markdown-it";
import type { RenderEnv } from "./env.ts";
import { inlineText } from "./headings.ts";

/** Jekyll's default excerpt: the first paragraph, as plain text. */
export function excerptRule(md: MarkdownIt): void {
  md.core.ruler.push("blog_excerpt", (state) => {
    const env = state.env as RenderEnv;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length - 1; i++) {
      if (tokens[i]!.type !== "paragraph_open" || tokens[i]!.level !== 0) continue;
      const text = inlineText(tokens[i + 1]!).replace(/\s+/g, " ").trim();
      if (text !== "" && (tokens[i + 1]!.children ?? []).some((t) => t.type === "text" && t.content.trim() !== "")) {
        env.excerpt = text;
        return;
      }
    }
  });
}
