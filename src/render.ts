import type { BlogCache } from "./cache.ts";
import { capture } from "./cache.ts";
import type { Reporter } from "./diagnostics.ts";
import { describeImage, type ImageInfo, type ImageTable } from "./images.ts";
import { type LinkIndex, readingView, sameAnswers } from "./linkindex.ts";
import { convertJekyll } from "./liquid.ts";
import type { LiquidRunner } from "./liquidjs.ts";
import { createMarkdown, type RenderEnv } from "./markdown/index.ts";
import { reportUnreadable } from "./markdown/links.ts";
import type { Read, Rendered } from "./model.ts";
import type { SiteConfig } from "./site.ts";

/**
 * Stage 3, rendering: a post's Markdown to HTML through the one markdown-it instance of the build,
 * with every link resolved against the link table. The cache (the preview's, the build's) keeps a
 * render while the post's text, the answers it got from the link table and the images it shows are
 * unchanged: a new or deleted post re-renders only the posts that link to it, or to its path.
 */
export function createRenderer(
  config: SiteConfig, links: LinkIndex, images: ImageTable, reporter: Reporter,
  { cache, converted, liquid }: { cache?: BlogCache; converted?: Map<string, number>; liquid?: { run: LiquidRunner; signature: string } } = {},
): (post: Read, to?: Reporter) => Rendered {
  const md = createMarkdown({ quotes: config.kramdown.smartQuotes, lineNumbers: config.kramdown.lineNumbers, kramdownHtml: config.markdown === "kramdown", figures: config.markdown !== "kramdown" });
  if (cache && liquid) {
    // With Liquid on, a post's text also depends on every other post, the includes and the data.
    const targets = signature(links) + liquid.signature;
    if (targets !== cache.links) Object.assign(cache, { links: targets, linksVersion: cache.linksVersion + 1 });
  }
  const render = (post: Read, to: Reporter, links: LinkIndex): Rendered => {
    const { file, bodyLine, data } = post;
    // A post whose Liquid failed (reported) is shown as the static pass reads it.
    const ran = liquid?.run(post, to);
    const body = ran ?? post.body;
    const source = convertJekyll(body, { file, bodyLine, site: config, page: data, links, reporter: to, converted,
      liquid: liquid === undefined ? undefined : ran === undefined ? "failed" : "ran" });
    const excerptSeparator = typeof data.excerpt_separator === "string" ? data.excerpt_separator : config.excerpt_separator;
    const env: RenderEnv = {
      file, bodyLine, source, links, imageRefs: [], reporter: to, excerptSeparator, brokenLinks: config.broken_links, liquidOn: liquid !== undefined,
      lang: typeof data.lang === "string" ? data.lang : config.lang,
    };
    const tokens = md.parse(source, env);
    env.measured = measureImages(env, images);
    const html = md.renderer.render(tokens, md.options, env);
    const imageUses: Rendered["imageUses"] = [];
    for (const ref of env.imageRefs) {
      const info = env.measured.get(ref.source)!;
      if (ref.markdown && !(info instanceof Error) && !imageUses.some(({ use }) => use.source === ref.source)) {
        imageUses.push({ use: { source: ref.source, file, line: ref.line, column: ref.column }, info });
      }
    }
    return { html: flat(html), excerpt: flat(env.excerpt ?? ""), words: env.words ?? 0, headings: env.headings ?? [], toc: flat(env.toc ?? ""), math: (env.formulas ?? 0) > 0, diagrams: (env.diagrams ?? 0) > 0, imageUses };
  };
  // A cached render names its images' versions: it is stale once one of those files changed.
  const imagesUnchanged = (rendered: Rendered) => rendered.imageUses.every(({ use, info }) => describeImage(images, use.source) === info);
  return (post, to = reporter) => {
    if (!cache) return render(post, to, links);
    let hit = cache.renders.get(post.file);
    // The post as read: the same object while its file is unchanged (the cache's files). A new one
    // renders again unless its text and its front matter (`lang`, `excerpt_separator`, and `page.*`
    // in Liquid) are the same.
    const same = hit && (hit.read === post || (hit.read.body === post.body && JSON.stringify(hit.read.data) === JSON.stringify(post.data)));
    const linked = hit && (typeof hit.links === "number" ? liquid !== undefined && hit.links === cache.linksVersion : !liquid && sameAnswers(links, hit.links));
    if (!hit || !same || !linked || !imagesUnchanged(hit)) {
      // With Liquid on, what the render asked is not kept: the whole table's version is.
      const view = liquid ? undefined : readingView(links);
      const { value, diagnostics } = capture((sub) => render(post, sub, view ?? links));
      hit = { read: post, links: view?.reads ?? cache.linksVersion, ...value, diagnostics };
      cache.renders.set(post.file, hit);
    }
    for (const d of hit.diagnostics) to.report(d);
    return hit;
  };
}

/**
 * The text as one string. markdown-it writes a post's HTML by appending, one token at a time, and V8
 * keeps such a string as a tree of every piece appended until something reads it a character at a
 * time. A render is kept until the build ends: as trees, the HTML of 10,000 posts held 29 MiB more.
 * Reading one character makes V8 copy the pieces into one string, in place.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The images a parsed post shows, each measured once (the file's header), and each one that cannot be read reported where it is shown. */
function measureImages(env: RenderEnv, images: ImageTable): Map<string, ImageInfo | Error> {
  const measured = new Map<string, ImageInfo | Error>();
  for (const ref of env.imageRefs) {
    let info = measured.get(ref.source);
    if (!info) measured.set(ref.source, (info = describeImage(images, ref.source)));
    if (info instanceof Error) reportUnreadable(env, ref, ref.written, info);
  }
  return measured;
}

/** Every link target, as one string: when it is unchanged, cached renders are still right. */
function signature(links: LinkIndex): string {
  let text = links.baseurl;
  for (const [file, target] of links.byPath) text += `\n${file}\t${target?.url ?? ""}`;
  return text;
}

