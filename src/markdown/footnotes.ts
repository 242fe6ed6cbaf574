import type MarkdownIt from "markdown-it";
import { forEachInline, locate, type RenderEnv } from "./env.ts";

/**
 * A footnote reference whose note is never written (`texto[^2]` and no `[^2]: …`) is shown as
 * written by markdown-it-footnote: said, at its place, with the fix.
 */
export function footnotesRule(md: MarkdownIt): void {
  md.core.ruler.after("inline", "blog_footnotes", (state) => {
    const env = state.env as RenderEnv;
    forEachInline(state.tokens, (block, map) => {
      if (!block.content.includes("[^")) return;
      let cursor = 0;
      for (const child of block.children!) {
        if (child.type !== "text" || !child.content.includes("[^")) continue;
        for (const m of child.content.matchAll(/\[\^([^\]\s]+)\](?!:)/g)) {
          const offset = block.content.indexOf(m[0], cursor);
          if (offset < 0) continue;
          cursor = offset + m[0].length;
          const { line, column } = locate(env, block, map, offset);
          env.reporter.warning(env.file, line, column, "footnote-undefined",
            `footnote ${m[0]} has no note, so it shows as written; add a line "[^${m[1]}]: the note" at the end of the post`);
        }
      }
    });
  });
}
