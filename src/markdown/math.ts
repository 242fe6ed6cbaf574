import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import katexModule from "@vscode/markdown-it-katex";
import katex from "katex";
import type { default as MarkdownIt, PluginSimple } from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { forEachInline, forEachTextMatch, locate, type RenderEnv } from "./env.ts";
import { registeredBlockRule } from "./ruler.ts";

// KaTeX typesets at build time: the page gets HTML (and MathML for screen readers) and one
// stylesheet, no script. `trust: false` keeps \href and \includegraphics out; `maxExpand` and
// `maxSize` bound what one formula may cost (a macro that expands itself is an error, at once).
// A CommonJS module that sets `exports.default`: Node's import gives the exports object.
const katexPlugin = ((katexModule as unknown as { default?: PluginSimple }).default ?? katexModule) as unknown as PluginSimple;

const KATEX_OPTIONS: katex.KatexOptions = { throwOnError: true, trust: false, strict: "ignore", maxExpand: 1000, maxSize: 20, output: "htmlAndMathml" };

/** `$…$` and `$$…$$`, typeset by KaTeX; a formula KaTeX cannot read is shown as written, with a located warning. */
export function mathRule(md: MarkdownIt): void {
  // Parsing is the maintained plugin's (Pandoc's rules: `R$ 10 e R$ 20` is not math); rendering is ours.
  md.use(katexPlugin);
  // The plugin's display block runs to the next `$$`, to the end of the post if there is none; in
  // kramdown a formula is one paragraph: with no closing `$$` before a blank line, it is text.
  const block = registeredBlockRule(md, "math_block");
  md.block.ruler.at("math_block", (state, start, end, silent) => {
    for (let line = start; line < end; line++) {
      const text = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
      if (text.trim() === "") return false;
      if ((line === start ? text.slice(2) : text).includes("$$")) return block(state, start, end, silent);
    }
    return false;
  }, { alt: ["paragraph", "reference", "blockquote", "list"] });
  // A core rule after inline: each inline formula's place in the file, for its diagnostic.
  md.core.ruler.after("inline", "blog_math", (state) => {
    const env = state.env as RenderEnv;
    for (const token of state.tokens) if (token.type === "math_block") env.formulas = (env.formulas ?? 0) + 1;
    forEachInline(state.tokens, (inline, map) => {
      let cursor = 0;
      for (const child of inline.children!) {
        if (child.type !== "math_inline" && child.type !== "math_block") continue;
        env.formulas = (env.formulas ?? 0) + 1;
        child.meta = { ...child.meta, inline: true };
        const offset = inline.content.indexOf(child.content, cursor);
        if (offset >= 0) {
          cursor = offset + child.content.length;
          child.meta = { ...child.meta, at: locate(env, inline, map, offset - child.markup.length) };
        }
      }
    });
  });
  // A `$$` left in the text opened no formula: it will show as written.
  md.core.ruler.after("blog_math", "blog_math_unpaired", (state) => {
    const env = state.env as RenderEnv;
    forEachTextMatch(state.tokens, env, /\$\$/g, (_, found) => {
      for (const { line, column } of found) {
        env.reporter.warning(env.file, line, column, "math-unpaired",
          "this $$ opens no formula (its closing $$ is missing, or a blank line comes first), so it shows as written; close the formula, or write \\$\\$");
      }
    });
  });
  const render = (tokens: Token[], idx: number, _options: unknown, env: RenderEnv) => {
    const token = tokens[idx]!;
    // kramdown reads `$$…$$` inside a paragraph as inline math (the plugin's inline `math_block`); on lines of its own, a display.
    const display = !(token.meta as { inline?: boolean } | null)?.inline;
    try {
      const out = katex.renderToString(token.content, { ...KATEX_OPTIONS, displayMode: display });
      // A display too wide for a phone scrolls, and can be reached with the keyboard to scroll it.
      return display ? `<div class="math" tabindex="0">${out}</div>\n` : out;
    } catch (err) {
      const at = (token.meta as { at?: { line: number; column: number } } | null)?.at
        ?? { line: env.bodyLine + (token.map?.[0] ?? 0) + 1, column: 1 };
      const reason = err instanceof katex.ParseError ? err.rawMessage : String(err);
      env.reporter.warning(env.file, at.line, at.column, "math",
        `the formula cannot be typeset (${reason}), so it shows as written; fix the TeX, or write \\$ for a dollar sign`);
      const written = md.utils.escapeHtml(`${token.markup}${token.content}${token.markup}`);
      return display ? `<pre class="math-error"><code>${written}</code></pre>\n` : `<code class="math-error">${written}</code>`;
    }
  };
  md.renderer.rules.math_inline = render as never;
  md.renderer.rules.math_block = render as never;
}

const katexDist = path.dirname(createRequire(import.meta.url).resolve("katex/dist/katex.min.css"));

/** KaTeX's stylesheet, named after its content, for the pages that show a formula. */
export const katexStylesheet = (() => {
  const css = readFileSync(path.join(katexDist, "katex.min.css"), "utf8");
  return { css, permalink: `/katex/katex-${createHash("sha256").update(css).digest("hex").slice(0, 10)}.css` };
})();

/** KaTeX's fonts, as the stylesheet names them (`fonts/…`, beside it): WOFF2, which every current browser reads. */
export function katexFonts(): { from: string; permalink: string }[] {
  return readdirSync(path.join(katexDist, "fonts")).filter((f) => f.endsWith(".woff2"))
    .map((f) => ({ from: path.join(katexDist, "fonts", f), permalink: `/katex/fonts/${f}` }));
}
