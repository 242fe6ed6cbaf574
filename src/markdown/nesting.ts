import type MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type { RenderEnv } from "./env.ts";

/**
 * markdown-it stops parsing blocks nested deeper than `maxNesting` (about 50 list levels) and
 * silently drops the rest of the document. Never silent: the build fails at that line.
 */
export function nestingRule(md: MarkdownIt): void {
  const block = md.block;
  const tokenize = block.tokenize.bind(block);
  // markdown-it's option (100 in its presets), missing from its type declarations.
  const maxNesting = (md.options as { maxNesting?: number }).maxNesting ?? 100;
  block.tokenize = (state: StateBlock, startLine: number, endLine: number) => {
    if (state.level >= maxNesting) {
      let line = startLine;
      while (line < endLine && state.isEmpty(line)) line++;
      const env = state.env as RenderEnv & { blogNestingReported?: boolean };
      if (line < endLine && !env.blogNestingReported) {
        env.blogNestingReported = true;
        env.reporter.error(env.file, env.bodyLine + line + 1, state.sCount[line]! + 1, "nesting",
          `lists or quotes are nested more than ${Math.floor(maxNesting / 2)} levels deep here; ` +
          "the Markdown parser would drop everything from this line on: flatten the nesting");
      }
    }
    tokenize(state, startLine, endLine);
  };
}
