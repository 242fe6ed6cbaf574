import MarkdownIt from "markdown-it";
import type { Reporter } from "./diagnostics.ts";
import { escapeHtml } from "./escape.ts";
import { type LinkIndex, postNamed, targetOfFile } from "./linkindex.ts";
import { postStem } from "./posts.ts";
import { encodePath } from "./routes.ts";

/** What the Jekyll pass needs of the post and the site. */
export interface LiquidContext {
  file: string;
  /** Lines of the file before the body. */
  bodyLine: number;
  site: { url: string; baseurl: string; broken_links?: "error" | "warning" };
  /** The post's front matter, for `{{ page.KEY }}`. */
  page: Record<string, unknown>;
  links: LinkIndex;
  reporter: Reporter;
  /** Counts of what was converted, by construct, for `npm run import`'s report. */
  converted?: Map<string, number>;
  /**
   * With `liquid: true`: `ran`, Liquid already ran (src/liquidjs.ts) and only kramdown's own syntax
   * is left to read here; `failed`, it could not run this post (reported), and this pass reads the
   * post without reporting the same block twice.
   */
  liquid?: "ran" | "failed";
}

// A plain parser, only to find where code blocks are: Liquid there is content.
const blocks = new MarkdownIt("commonmark");

const HIGHLIGHT = /^(\s*)\{%-?\s*highlight\s+([\w+#.-]+)((?:\s+[\w=]+)*)\s*-?%\}\s*$/;
const END_HIGHLIGHT = /^(\s*)\{%-?\s*endhighlight\s*-?%\}\s*$/;
// In a line of text: code spans (kept), raw markers, tags and outputs.
const PIECES = /(`+)[^`]*?\1|\{%-?\s*(end)?raw\s*-?%\}|\{%-?\s*([\w]+)\s*([^%]*?)\s*-?%\}|\{\{-?\s*([^}]*?)\s*-?\}\}/g;
const RAW_MARKER = /\{%-?\s*(?:end)?raw\s*-?%\}/g;
// kramdown: `##Título` is a heading, as kramdown reads it (CommonMark wants a space).
const TIGHT_HEADING = /^(\s{0,3}#{1,6})([^#\s])/;
// kramdown's heading id `## Título {#id}`, which markdown-it-attrs reads as `{:#id}`.
const HEADING_ID = /^(\s{0,3}#{1,6}\s.*?)\s*\{#([\w-]+)\}\s*$/;

/**
 * The Jekyll a real post uses, understood without running Liquid: nothing is evaluated. It
 * rewrites the Markdown before it is parsed (line count kept, so diagnostics keep their lines):
 * `{% post_url %}` and `{% link %}` become the target's URL (a missing one is an error),
 * `{% highlight lang linenos %}` blocks become fenced code, `{% raw %}` markers go and their
 * content stays literal, `{{ site.url }}`, `{{ site.baseurl }}`, `{{ '/x' | relative_url }}` and
 * `{{ page.KEY }}` (a scalar, HTML-escaped) become their values, and kramdown's heading `{#id}`,
 * `{:toc}` and `##Título` are read as kramdown reads them (`{: .classe}` is markdown-it-attrs'). Code blocks and code spans are left
 * alone but for raw markers. Any other Liquid stays as written, and the Markdown rule in
 * src/jekyll.ts warns about it.
 */
export function convertJekyll(body: string, context: LiquidContext): string {
  if (!/\{[%{:#]|^\s{0,3}#{1,6}[^#\s]|\]\([^)\n]*\s/m.test(body)) return body;
  const count = (what: string) => context.converted?.set(what, (context.converted.get(what) ?? 0) + 1);
  const lines = body.split("\n");

  // Code blocks are content. A {% highlight %} block becomes a fenced one, and code from then on.
  const code = new Set<number>();
  for (const token of blocks.parse(body, {})) {
    if ((token.type === "fence" || token.type === "code_block") && token.map) {
      for (let l = token.map[0]; l < token.map[1]; l++) code.add(l);
    }
  }
  for (let i = 0; i < lines.length && context.liquid !== "ran"; i++) {
    const start = code.has(i) ? null : HIGHLIGHT.exec(lines[i]!);
    if (!start) continue;
    const end = lines.findIndex((l, j) => j > i && END_HIGHLIGHT.test(l));
    if (end < 0) {
      // With Liquid on, its run already reported this block (the post is shown as the static pass reads it).
      if (context.liquid !== "failed") context.reporter.error(context.file, context.bodyLine + i + 1, start[1]!.length + 1, "liquid-highlight",
        "{% highlight %} has no {% endhighlight %}; close the block");
      continue;
    }
    const options = start[3]!.trim().split(/\s+/).filter(Boolean);
    lines[i] = `${start[1]}\`\`\`${start[2]}${options.some((o) => o.startsWith("linenos")) ? " linenos" : ""}`;
    lines[end] = `${END_HIGHLIGHT.exec(lines[end]!)![1]}\`\`\``;
    for (let l = i; l <= end; l++) code.add(l);
    count("highlight");
    i = end;
  }

  let raw = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (code.has(i)) {
      if (line.includes("{%") && context.liquid !== "ran") lines[i] = line.replace(RAW_MARKER, () => (count("raw"), ""));
      continue;
    }
    const at = (column: number) => ({ line: context.bodyLine + i + 1, column: column + 1 });
    let out = context.liquid === "ran" ? line : line.replace(PIECES, (whole, ticks: string | undefined, end: string | undefined, tag: string | undefined,
      args: string | undefined, output: string | undefined, offset: number) => {
      if (ticks) return raw ? whole : whole.replace(RAW_MARKER, "");
      if (end !== undefined || /^\{%-?\s*raw/.test(whole)) {
        raw = end === undefined;
        if (!raw) count("raw");
        return "";
      }
      // Inside {% raw %}: literal, with `\{` so the Liquid warning knows it is meant as text.
      if (raw) return whole.replace(/\{/g, "\\{");
      if (tag === "post_url") return postUrl(args!, context, at(offset), count) ?? whole;
      if (tag === "link") return fileLink(args!, context, at(offset), count) ?? whole;
      if (output !== undefined) return outputValue(output, line, offset + whole.length, context, count) ?? whole;
      return whole;
    });
    if (raw) {
      // Escape the rest of a raw region that runs over several lines.
      if (!/\{%-?\s*raw/.test(line)) out = out.replace(/(?<!\\)\{/g, "\\{");
    } else {
      const tight = TIGHT_HEADING.exec(out);
      if (tight) {
        context.reporter.warning(context.file, context.bodyLine + i + 1, tight[1]!.length + 1, "heading-space",
          `"${out.trim().slice(0, 40)}" is read as a heading, as kramdown reads it; add a space after the #`);
        out = `${tight[1]} ${out.slice(tight[1]!.length)}`;
      }
      if (/^\s*\{:toc\}\s*$/.test(out) && i > 0 && /^\s*(?:[*+-]|\d+\.)\s+\S/.test(lines[i - 1]!)) {
        // kramdown's `* TOC` + `{:toc}`: the table of contents goes here.
        lines[i - 1] = TOC_MARKER;
        out = "";
        count("{:toc}");
      } else {
        const id = HEADING_ID.exec(out);
        if (id) {
          out = `${id[1]} {:#${id[2]}}`;
          count("{#id}");
        }
      }
      if (out.includes("](")) out = bracketSpacedUrls(out, () => count("URL with spaces"));
    }
    lines[i] = out;
  }
  return lines.join("\n");
}

// `[texto](uma imagem.png)`: a link or image whose URL has spaces (and no title after it).
const SPACED_URL = /(\]\()([^()<>"'\s][^()<>"'\n]*?\s[^()<>"'\n]*?)(\))/g;

/**
 * kramdown reads a URL with spaces as the URL; CommonMark wants it in `<…>`, which is what it gets
 * (outside code spans), so the link or image is shown and checked as kramdown shows it.
 */
function bracketSpacedUrls(line: string, count: () => void): string {
  return line.replace(SPACED_URL, (whole, open: string, url: string, close: string, offset: number) => {
    // Inside a code span it is code; Liquid left as written is text.
    if ((line.slice(0, offset).match(/`/g)?.length ?? 0) % 2 === 1 || /\{[{%]/.test(url)) return whole;
    count();
    return `${open}<${url.trim()}>${close}`;
  });
}

/** Where kramdown's `{:toc}` was: the post layout puts the table of contents there. */
export const TOC_MARKER = "<!-- blog:toc -->";

function postUrl(args: string, context: LiquidContext, at: { line: number; column: number }, count: (w: string) => void): string | undefined {
  const name = args.trim().replace(/^["']|["']$/g, "");
  const url = findPostUrl(name, context.links);
  if (url !== undefined) {
    count("post_url");
    return url;
  }
  context.reporter[context.site.broken_links ?? "error"](context.file, at.line, at.column, "post-url-missing",
    `{% post_url ${name} %} names no post: there is no posts/**/${postStem(name)}.md; fix the name (the file name without .md)`);
  return undefined;
}

/** `{% post_url 2024-1-31-aws-network %}`: the URL of the post with that file name (in any folder of posts/), with the base path. */
export function findPostUrl(name: string, links: LinkIndex): string | undefined {
  const target = postNamed(links, postStem(name));
  return target && links.baseurl + encodePath(target.url);
}

function fileLink(args: string, context: LiquidContext, at: { line: number; column: number }, count: (w: string) => void): string | undefined {
  const written = args.trim().replace(/^["']|["']$/g, "");
  const { file, url } = findFileUrl(written, context.links);
  if (url !== undefined) {
    count("link");
    return url;
  }
  context.reporter[context.site.broken_links ?? "error"](context.file, at.line, at.column, "link-missing",
    `{% link ${written} %} names no file (looked for ${file}); fix the path, from the site's root`);
  return undefined;
}

/** `{% link _posts/2024-1-31-x.md %}`: the URL of that file (Jekyll's paths are from the site root; its _posts/ and _drafts/ are posts/). */
export function findFileUrl(written: string, links: LinkIndex): { file: string; url?: string } {
  const file = written.replace(/^\/+/, "").replace(/^_(?:posts|drafts)\//, "posts/").normalize("NFC");
  const target = targetOfFile(links, file);
  return { file, url: target ? links.baseurl + encodePath(target.url) : undefined };
}

function outputValue(expression: string, line: string, after: number, context: LiquidContext, count: (w: string) => void): string | undefined {
  if (expression === "site.url") {
    count("site.url");
    // Before a path, the site's own address is left out: the link stays site-relative, and checked.
    return /^(?:\/|\{\{-?\s*site\.baseurl)/.test(line.slice(after)) ? "" : context.site.url;
  }
  if (expression === "site.baseurl") {
    count("site.baseurl");
    return context.site.baseurl;
  }
  const filter = /^(["'])(\/[^"']*)\1\s*\|\s*(relative_url|absolute_url)$/.exec(expression);
  if (filter) {
    count(filter[3]!);
    return filter[2]!;
  }
  const page = /^page\.([\w-]+)$/.exec(expression);
  if (page) {
    const value = context.page[page[1]!];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      count("page.*");
      return escapeHtml(String(value));
    }
  }
  return undefined;
}
