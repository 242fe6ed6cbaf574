import path from "node:path/posix";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { isImageFile } from "../images.ts";
import { fileInOtherCase, type LinkIndex, type LinkTarget, targetOfFile, targetOfUrl } from "../linkindex.ts";
import { encodePath, hasScheme } from "../routes.ts";
import { forEachInline, locate, type RenderEnv } from "./env.ts";

export type Resolution =
  | { kind: "page" | "asset" | "draft"; url: string; source?: string }
  | { kind: "external" }
  | { kind: "unsafe" }
  | { kind: "fragment" }
  | { kind: "broken" }
  | { kind: "unresolved"; reason: string };

/**
 * Resolves a link as a Markdown preview of the repository does: relative to the file it is
 * written in, or (with a leading `/`) to the site root; a `?query` or `#fragment` is kept.
 */
export function resolveLink(href: string, fromFile: string, index: LinkIndex): Resolution {
  if (isUnsafeUrl(href)) return { kind: "unsafe" };
  if (href === "" || href.startsWith("#")) return { kind: "fragment" };
  if (hasScheme(href) || href.startsWith("//")) return { kind: "external" };
  const cut = href.search(/[?#]/);
  const rawPath = cut < 0 ? href : href.slice(0, cut);
  const suffix = cut < 0 ? "" : href.slice(cut);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath).normalize("NFC");
  } catch {
    return { kind: "unresolved", reason: `"${rawPath}" has a malformed %-escape` };
  }
  const finish = (target: LinkTarget | undefined): Resolution =>
    target ? { kind: target.kind, url: index.baseurl + encodePath(target.url) + suffix, source: target.source } : { kind: "broken" };

  if (decoded.startsWith("/")) {
    const sitePath = index.baseurl && decoded.startsWith(index.baseurl + "/") ? decoded.slice(index.baseurl.length) : decoded;
    const normal = path.normalize(sitePath);
    const target = targetOfUrl(index, normal) ?? targetOfUrl(index, normal + "/");
    if (target) return finish(target);
    const file = normal.slice(1);
    const byFile = targetOfFile(index, file);
    return byFile === null ? { kind: "unresolved", reason: missing(file, index) } : finish(byFile);
  }
  const file = path.normalize(path.join(path.dirname(fromFile), decoded));
  if (file === ".." || file.startsWith("../")) {
    return { kind: "unresolved", reason: `it points outside the site (to ${file})` };
  }
  const target = targetOfFile(index, file);
  return target === null ? { kind: "unresolved", reason: missing(file, index) } : finish(target);
}

/**
 * URLs that run code when followed or loaded. Browsers ignore ASCII white space and control
 * characters inside a scheme (`java\tscript:`), so those are removed before looking.
 */
export function isUnsafeUrl(url: string): boolean {
  const scheme = url.replace(/[\u0000-\u0020\u007f]/g, "").toLowerCase();
  if (scheme.startsWith("javascript:") || scheme.startsWith("vbscript:")) return true;
  return scheme.startsWith("data:") && !/^data:image\/(?:gif|png|jpeg|webp|avif);/.test(scheme);
}

function missing(file: string, index: LinkIndex): string {
  const near = fileInOtherCase(index, file);
  return near ? `no file ${file}; did you mean ${near}? (letter case matters on the web)` : `no file ${file}`;
}

/** Rewrites every link and image to its output URL and reports the ones that lead nowhere. */
export function linksRule(md: MarkdownIt): void {
  md.core.ruler.after("inline", "blog_links", (state) => {
    const env = state.env as RenderEnv;
    forEachInline(state.tokens, (block, map) => {
      for (const token of block.children!) {
        const attr = token.type === "link_open" ? "href" : token.type === "image" ? "src" : undefined;
        if (attr) rewrite(token, attr, block, map, env);
      }
    });
  });
}

/** Notes an image the post shows: the render stage measures it, and the `image` renderer sizes it. */
function describe(token: Token, source: string, href: string, block: Token, map: [number, number] | null, env: RenderEnv): void {
  token.meta = { ...token.meta, source };
  env.imageRefs.push({ source, written: href, markdown: true, ...locate(env, block, map, token.meta?.offset ?? 0) });
}

function rewrite(token: Token, attr: "href" | "src", block: Token, map: [number, number] | null, env: RenderEnv): void {
  const href = token.attrGet(attr);
  if (href === null) return;
  const result = resolveLink(href, env.file, env.links);
  if (result.kind === "page" || result.kind === "asset" || result.kind === "draft") {
    token.attrSet(attr, result.url);
    if (attr === "src" && result.source && isImageFile(result.source)) describe(token, result.source, href, block, map, env);
    if (result.kind === "draft" && !token.meta?.reference) {
      const { line, column } = locate(env, block, map, token.meta?.offset ?? 0);
      env.reporter.warning(env.file, line, column, "draft-link",
        `"${href}" is a draft or dated in the future, so it is not published: this link will be broken until it is`);
    }
    return;
  }
  // A link whose URL comes from a reference definition is reported once, at the definition.
  if (result.kind !== "unresolved" || token.meta?.reference) return;
  reportMissing(env, locate(env, block, map, token.meta?.offset ?? 0), attr, `${attr === "src" ? "image" : "link target"} "${href}"`, result.reason);
}

/** The one diagnostic for a link or image whose file the site does not have (Markdown, raw HTML, references). */
export function reportMissing(env: RenderEnv, at: { line: number; column: number }, attr: "href" | "src", what: string, reason: string): void {
  env.reporter[env.brokenLinks ?? "error"](env.file, at.line, at.column, attr === "src" ? "image-missing" : "link-missing",
    `${what} does not exist (${reason}); fix the path, relative to ${env.file}`);
}

/** The one diagnostic for an image file that is there but cannot be read as an image. */
export function reportUnreadable(env: RenderEnv, at: { line: number; column: number }, written: string, why: Error): void {
  env.reporter[env.brokenLinks ?? "error"](env.file, at.line, at.column, "image-unreadable",
    `image "${written}" could not be read (${why.message}); save it again as PNG, JPEG, WebP, GIF or SVG`);
}
