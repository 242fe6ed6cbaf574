import type MarkdownIt from "markdown-it";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import type Token from "markdown-it/lib/token.mjs";
import { addAttributes, rewriteUrlAttributes } from "../attributes.ts";
import { isImageFile } from "../images.ts";
import { positionAt } from "../source.ts";
import { forEachInline, locate, type RenderEnv } from "./env.ts";
import { reportMissing, resolveLink } from "./links.ts";

// Attributes a Markdown preview resolves against the file, as it does Markdown links.
const RESOLVED = new Set(["href", "src", "poster", "srcset", "imagesrcset"]);

/**
 * Raw HTML stays allowed (Jekyll allows it), but its URLs get the same treatment as Markdown's:
 * relative ones resolve against the post's folder, and ones that run code (`javascript:`, …) are
 * removed with a warning. Attributes are found with htmlparser2 and edited in place, so the
 * author's markup is otherwise kept byte for byte, even when a tag is left open across blocks.
 */
export function rawHtmlRule(md: MarkdownIt): void {
  const htmlInline = md.inline.ruler.getRules("").find((r) => r.name === "html_inline") as
    ((state: StateInline, silent: boolean) => boolean) | undefined;
  if (!htmlInline) throw new Error("markdown-it has no html_inline rule to wrap");
  md.inline.ruler.at("html_inline", (state, silent) => {
    const start = state.pos;
    const matched = htmlInline(state, silent);
    const token = state.tokens.at(-1);
    if (matched && !silent && token?.type === "html_inline") token.meta = { offset: start };
    return matched;
  });

  md.core.ruler.after("inline", "blog_raw_html", (state) => {
    const env = state.env as RenderEnv;
    for (const token of state.tokens) {
      if (token.type === "html_block") {
        token.content = rewriteHtml(token.content, env, (offset) => locateBlock(env, token, offset));
      }
    }
    forEachInline(state.tokens, (block, blockMap) => {
      for (const token of block.children!) {
        if (token.type !== "html_inline") continue;
        const base = (token.meta as { offset?: number } | null)?.offset ?? 0;
        token.content = rewriteHtml(token.content, env, (offset) => locate(env, block, blockMap, base + offset));
      }
    });
  });
  // Sizes come from the render stage's measurements, made after parsing: the rules read no file.
  for (const type of ["html_block", "html_inline"] as const) {
    const plain = md.renderer.rules[type]!;
    md.renderer.rules[type] = (tokens, idx, options, env, self) => sizeImages(plain(tokens, idx, options, env, self), env as RenderEnv);
  }
}

function locateBlock(env: RenderEnv, token: Token, offset: number): { line: number; column: number } {
  const { line, column } = positionAt(token.content, offset);
  return { line: env.bodyLine + (token.map?.[0] ?? 0) + line, column };
}

function rewriteHtml(html: string, env: RenderEnv, at: (offset: number) => { line: number; column: number }): string {
  if (!/(?:href|src|action|poster|cite|background|data|manifest)\s*=/i.test(html)) return html;
  return rewriteUrls(html, env, at);
}

/** An `<img>` of the site's own images gets its width and height (no layout shift) and lazy loading. */
function sizeImages(html: string, env: RenderEnv): string {
  if (!/<img\b/i.test(html)) return html;
  return addAttributes(html, (name, attributes) => {
    if (name !== "img" || attributes.src === undefined) return undefined;
    const result = resolveLink(attributes.src, env.file, env.links);
    if (result.kind !== "asset" || !result.source || !isImageFile(result.source)) return undefined;
    const info = env.measured?.get(result.source);
    if (!info || info instanceof Error) return undefined;
    // A page author who set one of the two chose the size; the other is left to the browser.
    const sized = attributes.width !== undefined || attributes.height !== undefined;
    return { ...(sized ? {} : { width: String(info.width), height: String(info.height) }), loading: "lazy", decoding: "async" };
  });
}

function rewriteUrls(html: string, env: RenderEnv, at: (offset: number) => { line: number; column: number }): string {
  return rewriteUrlAttributes(html, (name, value, offset) => {
    const result = resolveLink(value, env.file, env.links);
    if (result.kind === "unsafe") {
      const { line, column } = at(offset);
      env.reporter.warning(env.file, line, column, "unsafe-url",
        `${name}="${value.slice(0, 40)}" was removed: such URLs can run code; link to a page instead`);
      return null;
    }
    if (!RESOLVED.has(name)) return undefined;
    if (result.kind === "asset" && name !== "href" && result.source && isImageFile(result.source)) {
      env.imageRefs.push({ source: result.source, written: value, markdown: false, ...at(offset) });
    }
    if (result.kind === "page" || result.kind === "asset" || result.kind === "draft") return result.url;
    if (result.kind === "unresolved") reportMissing(env, at(offset), name === "href" ? "href" : "src", `${name}="${value}"`, result.reason);
    return undefined;
  });
}
