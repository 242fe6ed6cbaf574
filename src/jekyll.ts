import type MarkdownIt from "markdown-it";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type Token from "markdown-it/lib/token.mjs";
import { forEachTextMatch, type RenderEnv } from "./markdown/env.ts";

/**
 * jekyll-titles-from-headings: a post without a `title` takes its first heading, when the body
 * starts with one, and that heading is then not repeated. Returns the body with the heading line
 * blanked (keeping line numbers).
 */
export function titleFromHeading(body: string): { title: string; body: string } | undefined {
  const lines = body.split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  const m = first < 0 ? null : /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(lines[first]!);
  if (!m) return undefined;
  // As a reader sees it: no emphasis or code marks, link text without its URL.
  // kramdown's `{#id}` or `{: .classe}` after the heading is not part of its text.
  const title = m[1]!.replace(/\s*\{:?\s*[#.][^}]*\}\s*$/, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "").trim();
  if (title === "") return undefined;
  lines[first] = "";
  return { title, body: lines.join("\n") };
}

// What a Jekyll author writes instead, for each Liquid tag and variable src/liquid.ts leaves as written.
const EQUIVALENTS: Record<string, string> = {
  endhighlight: "it closes no {% highlight %}; delete it, or use a fenced code block: ```bash … ```",
  include: "paste the HTML into the post (raw HTML is allowed)",
  assign: "write the value itself",
  capture: "write the value itself",
  if: "keep the text you want shown, without the condition",
  unless: "keep the text you want shown, without the condition",
  for: "write the list out",
};
const LIQUID = /\{%-?\s*(\w+)[^%]*%\}|\{\{-?\s*([\w.]+)[^}]*\}\}/g;

function textToken(state: StateCore, type: "text" | "text_special", content: string): Token {
  const token = new state.Token(type, "", 0);
  token.content = content;
  return token;
}

// Converted by src/liquid.ts; when one is still here, it has already been reported as an error.
const REPORTED = new Set(["post_url", "link", "highlight"]);

/**
 * Liquid is not run on posts (Markdown is content), so a Jekyll tag or variable in the text would
 * show as written: say so, with the Markdown that does the same. Code is left alone: `{{ }}` in
 * a code block is content (Helm, Go templates).
 */
export function liquidRule(md: MarkdownIt): void {
  // Before the typography rules: Liquid is recognised as the author wrote it, straight quotes and all.
  md.core.ruler.after("inline", "blog_liquid", (state) => {
    const env = state.env as RenderEnv;
    forEachTextMatch(state.tokens, env, LIQUID, (text, found, inline) => {
      for (const { match, line, column } of env.liquidOn ? [] : found) {
        const name = match[1] ?? match[2]!;
        if (REPORTED.has(name)) continue;
        const advice = EQUIVALENTS[name] ?? (match[2]?.startsWith("page.")
          ? "only text, number and true/false front-matter values are filled in; write the value itself"
          : "only post_url, link, highlight, raw, site.url, site.baseurl and page.* are understood");
        env.reporter.warning(env.file, line, column, "liquid",
          `${match[0]} is Jekyll Liquid, which this blog does not run, so it will show as written; ${advice}`);
      }
      // Each construct becomes a token of its own (`text_special`, joined back into text after the
      // typography rules), so that it shows exactly as written: no smart quotes inside Liquid.
      const pieces: Token[] = [];
      let from = 0;
      for (const m of text.content.matchAll(LIQUID)) {
        pieces.push(textToken(state, "text", text.content.slice(from, m.index)), textToken(state, "text_special", m[0]));
        from = m.index + m[0].length;
      }
      pieces.push(textToken(state, "text", text.content.slice(from)));
      inline.children!.splice(inline.children!.indexOf(text), 1, ...pieces.filter((t) => t.content !== ""));
    });
  });
}
