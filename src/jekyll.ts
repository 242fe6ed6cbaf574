import type MarkdownIt from "markdown-it";
import { forEachInline, locate, type RenderEnv } from "./markdown/env.ts";

/**
 * `{% raw %}` and `{% endraw %}` only protect their content from Liquid, which never runs here:
 * the markers are dropped and the content kept as written. A line holding only a marker becomes
 * empty, so line numbers do not move.
 */
export function stripRawTags(body: string): string {
  if (!body.includes("{%")) return body;
  return body.replace(/\{%-?\s*(?:end)?raw\s*-?%\}/g, "");
}

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
  const title = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "").trim();
  if (title === "") return undefined;
  lines[first] = "";
  return { title, body: lines.join("\n") };
}

// What a Jekyll author writes instead, for each Liquid tag and variable seen in real posts.
const EQUIVALENTS: Record<string, string> = {
  post_url: "link to the post's file instead: [texto](2016-01-03-nome.md)",
  link: "link to the file instead: [texto](outro-post.md)",
  highlight: "use a fenced code block: ```bash … ```",
  endhighlight: "use a fenced code block: ```bash … ```",
  include: "paste the HTML into the post (raw HTML is allowed)",
  "site.url": "drop it: write the path relative to the post, and the build makes the URL",
  "site.baseurl": "drop it: write the path relative to the post, and the build adds the base path",
};

/**
 * Liquid is not run on posts (Markdown is content), so a Jekyll tag or variable in the text would
 * show as written: say so, with the Markdown that does the same. Code is left alone: `{{ }}` in
 * a code block is content (Helm, Go templates).
 */
export function liquidRule(md: MarkdownIt): void {
  md.core.ruler.push("blog_liquid", (state) => {
    const env = state.env as RenderEnv;
    forEachInline(state.tokens, (block, map) => {
      if (!block.content.includes("{")) return;
      let cursor = 0;
      for (const child of block.children!) {
        if (child.type !== "text" || !child.content.includes("{")) continue;
        for (const m of child.content.matchAll(/\{%-?\s*(\w+)[^%]*%\}|\{\{-?\s*([\w.]+)[^}]*\}\}/g)) {
          const offset = block.content.indexOf(m[0], cursor);
          if (offset < 0) continue;
          cursor = offset + m[0].length;
          const name = m[1] ?? m[2]!;
          const { line, column } = locate(env, block, map, offset);
          const advice = EQUIVALENTS[name] ?? (m[2]?.startsWith("page.") ? "write the value itself" : "Liquid is not run on posts");
          env.reporter.warning(env.file, line, column, "liquid",
            `${m[0]} is Jekyll Liquid, which this blog does not run, so it will show as written; ${advice}`);
        }
      }
    });
  });
}
