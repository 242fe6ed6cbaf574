import type MarkdownIt from "markdown-it";
import { forEachTextMatch, type RenderEnv } from "./env.ts";

/**
 * A footnote reference whose note is never written (`texto[^2]` and no `[^2]: …`) is shown as
 * written by markdown-it-footnote: said, at its place, with the fix.
 */
export function footnotesRule(md: MarkdownIt): void {
  md.core.ruler.after("inline", "blog_footnotes", (state) => {
    const env = state.env as RenderEnv;
    forEachTextMatch(state.tokens, env, /\[\^([^\]\s]+)\](?!:)/g, (_text, found) => {
      for (const { match, line, column } of found) {
        env.reporter.warning(env.file, line, column, "footnote-undefined",
          `footnote ${match[0]} has no note, so it shows as written; add a line "[^${match[1]}]: the note" at the end of the post`);
      }
    });
  });
}
