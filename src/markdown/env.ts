import type Token from "markdown-it/lib/token.mjs";
import type { Reporter } from "../diagnostics.ts";
import type { ImageInfo } from "../images.ts";
import type { LinkIndex } from "../linkindex.ts";
import { positionAt } from "../source.ts";

/** Per-document state, carried in markdown-it's `env` (as markdown-it-footnote keeps `env.footnotes`). */
export interface RenderEnv {
  /** Site-relative path of the post, for diagnostics and relative links. */
  file: string;
  /** Lines of the file before the Markdown body (the front matter). */
  bodyLine: number;
  /** The Markdown body, to find columns that inline tokens do not carry. */
  source: string;
  /** The body's lines, split on first need (most posts never need them). */
  lines?: string[];
  links: LinkIndex;
  /**
   * The site's images the post shows, as the rules found them (no rule reads a file). The render
   * stage measures them between parsing and rendering, into `measured`.
   */
  imageRefs: ImageRef[];
  measured?: ReadonlyMap<string, ImageInfo | Error>;
  /** Set once the renderer wrote the post's first image (which is not lazy-loaded). */
  imagesShown?: boolean;
  reporter: Reporter;
  /** The post's language (its `lang:`, else the site's): the table of contents and anchors speak it. */
  lang?: string;
  /**
   * The site runs Liquid (`liquid: true`): what is left of `{{ }}` and `{% %}` is meant as text, or
   * its Liquid failed and that was reported once already.
   */
  liquidOn?: boolean;
  /** `broken_links` in _config.yml: how a link or image to a missing file is reported. */
  brokenLinks?: "error" | "warning";
  /** Set by markdown-it when the document defines references. */
  references?: Record<string, { href: string; title: string }>;
  /** Jekyll's `excerpt_separator` (the post's, else the site's): text that ends the excerpt where it is not code. */
  excerptSeparator?: string;
  /** Filled while rendering: the excerpt (plain text), the number of words, the headings. */
  excerpt?: string;
  words?: number;
  headings?: { level: number; id: string; text: string }[];
  /** The table of contents to show above the text (HTML), or "" (src/markdown/toc.ts). */
  toc?: string;
  /** How many formulas the post has (src/markdown/math.ts): its page then loads KaTeX's stylesheet. */
  formulas?: number;
  /** How many mermaid diagrams it has (src/markdown/mermaid.ts): its page then loads mermaid's script. */
  diagrams?: number;
}

/** An image of the site a post shows: from Markdown (`![]()`, versioned) or raw HTML (`<img>`, sized). */
export interface ImageRef {
  /** Site-relative path, as the file system spells it. */
  source: string;
  /** As the post writes it, for messages. */
  written: string;
  line: number;
  column: number;
  markdown: boolean;
}

/** One line of the body (0-based). */
export function lineAt(env: RenderEnv, index: number): string {
  env.lines ??= env.source.split("\n");
  return env.lines[index] ?? "";
}

/**
 * markdown-it gives block tokens a line range but inline tokens none: map an offset in an inline
 * token's content back to the file's line and column.
 */
export function locate(env: RenderEnv, block: Token, map: [number, number] | null, offset: number): { line: number; column: number } {
  const content = block.content;
  const before = content.lastIndexOf("\n", offset - 1);
  const lineInBlock = positionAt(content, offset).line - 1;
  const contentLine = content.slice(before + 1, (content.indexOf("\n", offset) + 1 || content.length + 1) - 1);
  const sourceIndex = (map?.[0] ?? 0) + lineInBlock;
  const sourceLine = lineAt(env, sourceIndex);
  const shift = Math.max(0, sourceLine.indexOf(contentLine));
  return { line: env.bodyLine + sourceIndex + 1, column: shift + offset - (before + 1) + 1 };
}

/** Each inline token with the line range of its nearest mapped block (table cells have none of their own). */
export function forEachInline(tokens: Token[], visit: (inline: Token, map: [number, number] | null) => void): void {
  let map: [number, number] | null = null;
  for (const token of tokens) {
    if (token.map) map = token.map;
    if (token.type === "inline" && token.children) visit(token, map);
  }
}

/** A match of a pattern in a post's text, with its place in the file. */
export interface TextMatch {
  match: RegExpMatchArray;
  line: number;
  column: number;
}

/**
 * Each text token (never code) of the document with the matches of `pattern` (a global regex) in
 * it, located in the file. A match not found as written in the source is left out: its characters
 * were escaped (`\{`, `\[`), so it is meant as text.
 */
export function forEachTextMatch(
  tokens: Token[], env: RenderEnv, pattern: RegExp, visit: (text: Token, found: TextMatch[], inline: Token) => void,
): void {
  forEachInline(tokens, (block, map) => {
    if (block.content.search(pattern) < 0) return;
    let cursor = 0;
    // A copy: `visit` may replace the text token with several.
    for (const child of [...block.children!]) {
      if (child.type !== "text" || child.content.search(pattern) < 0) continue;
      const found: TextMatch[] = [];
      for (const match of child.content.matchAll(pattern)) {
        const offset = block.content.indexOf(match[0], cursor);
        if (offset < 0) continue;
        cursor = offset + match[0].length;
        found.push({ match, ...locate(env, block, map, offset) });
      }
      visit(child, found, block);
    }
  });
}
