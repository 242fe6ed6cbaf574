import type { Code } from "./codes.ts";
import path from "node:path";
import { Liquid, type Context, type Emitter, type Template, type TagToken, type TopLevelToken, Tag } from "liquidjs";
import MarkdownIt from "markdown-it";
import type { Reporter } from "./diagnostics.ts";
import { listFiles, readRegularFile } from "./files.ts";
import { type LinkIndex, targetOfFile } from "./linkindex.ts";
import { findFileUrl, findPostUrl } from "./liquid.ts";
import type { Loaded, Read } from "./model.ts";
import type { SiteConfig } from "./site.ts";
import { parseFrontMatter } from "./frontmatter.ts";
import { decodeSource, positionAt } from "./source.ts";
import { loadYaml } from "./yaml.ts";

/**
 * Stage 2, Liquid (only where `_config.yml` sets `liquid: true`): Jekyll's Liquid run by LiquidJS
 * over the whole post before Markdown, as Jekyll runs it. It is a sandbox: templates and data come
 * only from the site's `_includes/` and `_data/`, read once before any post (no file is opened while
 * rendering, but `include_relative`'s, inside the post's folder), and LiquidJS's limits bound what one
 * post can cost.
 */

/** What `include`, `site.data` and `site.<collection>` see: the site's `_includes/`, `_data/` and collection folders, read before rendering. */
export interface LiquidFiles {
  includes: Record<string, string>;
  data: Record<string, unknown>;
  /** Jekyll's collections (`collections:` in _config.yml), each its documents' front matter, `content` and `path`, by path. */
  collections: Record<string, Record<string, unknown>[]>;
}

export const INCLUDES_FOLDER = "_includes";
export const DATA_FOLDER = "_data";
/** An include or data file is a snippet: no real one comes near this. */
const MAX_TEMPLATE_BYTES = 1 * 2 ** 20;

// The bounds of one post's Liquid: its render time (ms) and what its values may allocate (LiquidJS
// counts string and array lengths). A loop over a million items is an error, not a hung build.
const RENDER_LIMIT_MS = 500;
const MEMORY_LIMIT = 1_000_000;

/** Reads `_includes/` (every file, by its path inside the folder) and `_data/` (YAML and JSON, by name). */
export function readLiquidFiles(root: string, reporter: Reporter, collections: string[] = []): LiquidFiles {
  const files: LiquidFiles = { includes: {}, data: {}, collections: {} };
  const read = (file: string) => readSiteText(root, file, reporter);
  for (const file of listFiles(root, INCLUDES_FOLDER, reporter)) {
    const text = read(file.source);
    if (text !== undefined) files.includes[file.path.slice(INCLUDES_FOLDER.length + 1)] = text;
  }
  for (const file of listFiles(root, DATA_FOLDER, reporter)) {
    const match = /^_data\/(.+)\.(ya?ml|json)$/i.exec(file.path);
    if (!match) continue;
    const data = readDataFile(root, file.source, reporter);
    if (!data) continue;
    const { value } = data;
    // `_data/autores/ana.yml` is `site.data.autores.ana`, as in Jekyll.
    const keys = match[1]!.split("/");
    let into = files.data;
    for (const key of keys.slice(0, -1)) into = (into[key] ??= {}) as Record<string, unknown>;
    into[keys.at(-1)!] = value;
  }
  // A collection's documents are its files that open with front matter; the rest are its static files.
  for (const name of collections) {
    const docs: Record<string, unknown>[] = (files.collections[name] = []);
    for (const file of listFiles(root, `_${name}`, reporter)) {
      if (!/\.(md|markdown|html?)$/i.test(file.path)) continue;
      const text = read(file.source);
      if (text === undefined || !text.startsWith("---")) continue;
      const front = parseFrontMatter(text, file.path, reporter);
      if (!front) continue;
      const slug = path.posix.basename(file.path).replace(/\.[^.]+$/, "");
      docs.push({ ...front.data, content: front.body, path: file.path, relative_path: file.path, collection: name, slug });
    }
  }
  return files;
}

/** A text file of the site (an include, a data file, a snippet), read as every file is; an unreadable one is reported. */
export function readSiteText(root: string, file: string, reporter: Reporter, maxBytes = MAX_TEMPLATE_BYTES): string | undefined {
  const result = readRegularFile(path.join(root, file), maxBytes);
  if ("bytes" in result) return decodeSource(result.bytes, file, reporter);
  reporter.error(file, 1, 1, result.code, `this file was not read: ${result.message}`);
  return undefined;
}

/** A YAML or JSON file of `_data/`: its value, or `undefined` when it cannot be read or parsed (reported at its line). */
export function readDataFile(root: string, file: string, reporter: Reporter): { value: unknown } | undefined {
  const text = readSiteText(root, file, reporter);
  if (text === undefined) return undefined;
  try {
    return { value: loadYaml(text, file) };
  } catch (err) {
    const mark = (err as { mark?: { line: number; column: number } }).mark;
    reporter.error(file, (mark?.line ?? 0) + 1, (mark?.column ?? 0) + 1, "data-yaml",
      `${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(err as Error).message.split("\n")[0]}`);
    return undefined;
  }
}

/** The collections `_config.yml` names (a mapping, or a list), as Jekyll reads them; `posts` is the posts. */
export function collectionNames(jekyll: Record<string, unknown>): string[] {
  const value = jekyll.collections;
  const names = Array.isArray(value) ? value : typeof value === "object" && value !== null ? Object.keys(value) : [];
  return names.filter((n): n is string => typeof n === "string" && /^[\w-]+$/.test(n) && n !== "posts" && n !== "drafts" && n !== "site");
}

/** What the site knows of one published post, as Jekyll's `site.posts` and `page` show it. */
function postDrop(post: Read, url: string | undefined): Record<string, unknown> {
  const meta = post.meta;
  return {
    ...post.data,
    ...(meta && {
      title: meta.title, date: meta.date, tags: meta.tags, categories: meta.categories, slug: meta.slug,
      layout: meta.layout, draft: meta.draft,
    }),
    url,
    path: post.file,
    id: url?.replace(/\/$/, ""),
  };
}

export interface LiquidSite {
  config: SiteConfig;
  files: LiquidFiles;
  /** The published posts, newest first (Jekyll's `site.posts`). */
  posts: readonly Loaded[];
  links: LinkIndex;
  root: string;
}

/** Runs a post's Liquid: its text with every tag and output evaluated, or `undefined` when it failed (reported). */
export type LiquidRunner = (post: Read, reporter: Reporter) => string | undefined;

/**
 * One LiquidJS engine for the build, with Jekyll's variables, tags and filters; `signature` is all
 * a post's Liquid may read besides the post itself, so the preview's cache knows when to re-render.
 */
export function createLiquid({ config, files, posts, links, root }: LiquidSite): { run: LiquidRunner; signature: string } {
  const urlOf = (file: string) => targetOfFile(links, file)?.url;
  const drops = posts.map((post) => postDrop(post, urlOf(post.file)));
  const byTag: Record<string, unknown[]> = {};
  const byCategory: Record<string, unknown[]> = {};
  posts.forEach((post, i) => {
    for (const tag of post.meta.tags) (byTag[tag] ??= []).push(drops[i]);
    for (const category of post.meta.categories) (byCategory[category] ??= []).push(drops[i]);
  });
  const site = {
    ...config.jekyll,
    ...files.collections,
    title: config.title, description: config.description, url: config.url, baseurl: config.baseurl,
    posts: drops, tags: byTag, categories: byCategory, data: files.data, time: new Date(),
  };

  const liquid = new Liquid({
    templates: files.includes,
    globals: { site },
    jekyllInclude: true,
    dynamicPartials: false,
    // Jekyll passes a value through an unknown filter (a plugin's, say): so do we, with a warning.
    strictFilters: false,
    timezoneOffset: config.timezone,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
    parseLimit: 2 * MAX_TEMPLATE_BYTES + 4 * 2 ** 20,
    ownPropertyOnly: true,
    cache: true,
  });
  // The post being rendered, for the tags that report or read beside it.
  let current: { post: Read; reporter: Reporter } | undefined;
  const report = (token: TopLevelToken, code: Code, message: string) => {
    const { post, reporter } = current!;
    const [line = 1, column = 1] = token.getPosition();
    reporter[config.broken_links](token.file ? `${INCLUDES_FOLDER}/${token.file}` : post.file,
      (token.file ? 0 : post.bodyLine) + line, column, code, message);
  };

  liquid.registerTag("post_url", class extends Tag {
    private readonly post = (this.token as TagToken).args.trim().replace(/^["']|["']$/g, "");
    *render(): Generator<unknown, string> {
      const url = findPostUrl(this.post, links);
      if (url === undefined) {
        report(this.token, "post-url-missing", `{% post_url ${this.post} %} names no post; fix the name (the file name without .md)`);
      }
      return url ?? "";
    }
  });
  liquid.registerTag("link", class extends Tag {
    private readonly written = (this.token as TagToken).args.trim().replace(/^["']|["']$/g, "");
    *render(): Generator<unknown, string> {
      const found = findFileUrl(this.written, links);
      if (found.url === undefined) {
        report(this.token, "link-missing", `{% link ${this.written} %} names no file (looked for ${found.file}); fix the path, from the site's root`);
      }
      return found.url ?? "";
    }
  });
  // Its code becomes a fenced block, which the Markdown stage highlights (and numbers, with linenos).
  liquid.registerTag("highlight", class extends Tag {
    private readonly templates: Template[];
    private readonly info: string;
    constructor(token: TagToken, remain: TopLevelToken[], engine: Liquid) {
      super(token, remain, engine);
      const [language = "", ...options] = token.args.trim().split(/\s+/);
      this.info = `${language}${options.some((o) => o.startsWith("linenos")) ? " linenos" : ""}`;
      this.templates = parseBlock("highlight", token, remain, engine);
    }
    *render(context: Context, emitter: Emitter): Generator<unknown, void> {
      const code = String(yield this.liquid.renderer.renderTemplates(this.templates, context)).replace(/^\n+|\s+$/g, "");
      const fence = "`".repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      emitter.write(`${fence}${this.info}\n${code}\n${fence}`);
    }
  });
  // A file beside the post (never above it: Jekyll refuses `..` too), read and rendered in its place.
  liquid.registerTag("include_relative", class extends Tag {
    private readonly written = (this.token as TagToken).args.trim().split(/\s+/)[0] ?? "";
    *render(context: Context, emitter: Emitter): Generator<unknown, void> {
      const { post, reporter } = current!;
      const file = path.posix.join(path.posix.dirname(post.file), this.written);
      if (this.written === "" || this.written.split("/").includes("..") || path.posix.isAbsolute(this.written)) {
        throw new Error(`include_relative takes a file in the post's folder or below it, not "${this.written}"`);
      }
      const read = readRegularFile(path.join(root, file), MAX_TEMPLATE_BYTES);
      if (!("bytes" in read)) throw new Error(`include_relative ${this.written}: ${read.message}`);
      const text = decodeSource(read.bytes, file, reporter) ?? "";
      emitter.write(String(yield this.liquid.renderer.renderTemplates(this.liquid.parse(text), context)));
    }
  });
  // jekyll-katex's blocks: the math stage reads `$…$` and `$$…$$` itself.
  const passThrough = (name: string, wrap: (args: string, text: string) => string) =>
    liquid.registerTag(name, class extends Tag {
      private readonly templates: Template[];
      constructor(token: TagToken, remain: TopLevelToken[], engine: Liquid) {
        super(token, remain, engine);
        this.templates = parseBlock(name, token, remain, engine);
      }
      *render(context: Context, emitter: Emitter): Generator<unknown, void> {
        emitter.write(wrap((this.token as TagToken).args.trim(), String(yield this.liquid.renderer.renderTemplates(this.templates, context))));
      }
    });
  passThrough("katexmm", (_, text) => text);
  passThrough("katex", (args, text) => (args.startsWith("display") ? `$$${text.trim()}$$` : `$${text.trim()}$`));

  const withBase = (value: unknown) => {
    const text = String(value ?? "");
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(text)) return text;
    return `${config.baseurl}/${text.replace(/^\/+/, "")}`;
  };
  liquid.registerFilter("relative_url", withBase);
  liquid.registerFilter("absolute_url", (value: unknown) => {
    const url = withBase(value);
    return url.startsWith("/") ? config.url + url : url;
  });
  const markdown = new MarkdownIt({ html: true });
  liquid.registerFilter("markdownify", (value: unknown) => markdown.render(String(value ?? "")));
  const smart = new MarkdownIt({ typographer: true });
  liquid.registerFilter("smartify", (value: unknown) => smart.renderInline(String(value ?? "")));

  const run: LiquidRunner = (post, reporter) => {
    if (!/\{[{%]/.test(post.body)) return post.body;
    reportUnknownFilters(post, reporter, (name) => name in liquid.filters);
    current = { post, reporter };
    try {
      return liquid.parseAndRenderSync(post.body, { page: postDrop(post, urlOf(post.file)) });
    } catch (err) {
      reportLiquidError(err, post, reporter);
      return undefined;
    } finally {
      current = undefined;
    }
  };
  return { run, signature: JSON.stringify([files, drops, config.jekyll]) };
}

// Liquid's outputs and tags, and in them each `| filter`; `{% raw %}` regions are text.
const RAW_REGION = /\{%-?\s*raw\s*-?%\}[\s\S]*?(?:\{%-?\s*endraw\s*-?%\}|$)/g;
const MARKUP = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const FILTER = /\|\s*([A-Za-z_][\w-]*)/g;

/** Each filter the engine does not have, at file:line:column: Jekyll, too, passes the value through unchanged. */
function reportUnknownFilters(post: Read, reporter: Reporter, known: (name: string) => boolean): void {
  const text = post.body.replace(RAW_REGION, (region) => region.replace(/[^\n]/g, " "));
  for (const markup of text.matchAll(MARKUP)) {
    for (const filter of markup[0].matchAll(FILTER)) {
      if (known(filter[1]!)) continue;
      const { line, column } = positionAt(post.body, markup.index + filter.index + filter[0].indexOf(filter[1]!));
      reporter.warning(post.file, post.bodyLine + line, column, "liquid-filter",
        `the Liquid filter "${filter[1]}" is not one of Jekyll's, so the value passes through it unchanged; remove it, or write the value`);
    }
  }
}

/** What a block tag holds up to its `{% endNAME %}` (LiquidJS's way for block tags), or an error saying it is never closed. */
function parseBlock(name: string, token: TagToken, remain: TopLevelToken[], engine: Liquid): Template[] {
  const templates: Template[] = [];
  const stream = engine.parser.parseStream(remain)
    .on(`tag:end${name}`, () => stream.stop())
    .on("template", (template: Template) => templates.push(template))
    .on("end", () => {
      throw new Error(`{% ${name} ${token.args.trim()} %} has no {% end${name} %}; close the block`.replace(/ {2}%}/, " %}"));
    });
  stream.start();
  return templates;
}

/** A LiquidJS error as a diagnostic, where it happened: in the post, or in the include it names. */
function reportLiquidError(err: unknown, post: Read, reporter: Reporter): void {
  const error = err as Error & { token?: TopLevelToken; originalError?: Error };
  const token = error.token;
  const [line = 1, column = 1] = token?.getPosition() ?? [];
  const file = token?.file ? `${INCLUDES_FOLDER}/${token.file}` : post.file;
  const message = (error.originalError?.message ?? error.message).replace(/(?:, file:[^,]*)?, line:\d+, col:\d+$/, "");
  const where = [file, (token?.file ? 0 : post.bodyLine) + line, column] as const;
  if (/^tag "[^"]*" not found$/.test(message)) {
    // A Jekyll plugin's tag: the post is still published, as written, so that the blog builds.
    reporter.warning(...where, "liquid-tag",
      `${message.replace(/^tag/, "the Liquid tag")}: it is not one of Jekyll's, so this post's Liquid was not run and shows as written; remove the tag or write its result`);
    return;
  }
  const include = /^ENOENT: Failed to lookup "([^"]*)"/.exec(message);
  if (include) {
    // Most often a theme's include, which Jekyll found in the theme's gem: the blog still builds.
    reporter.warning(...where, "liquid-include",
      `{% include ${include[1]} %} names no file of _includes/, so this post's Liquid was not run and shows as written; includes are read from the site's _includes/ folder only: add the file there (a theme's, copied from it), or fix the name`);
    return;
  }
  const fix = /limit exceeded|call stack/i.test(message)
    ? "this Liquid costs too much to run (a loop too long, an include that includes itself); make it smaller"
    : "fix the Liquid, as Jekyll would need it fixed";
  reporter.error(...where, "liquid-error", `Liquid could not run${token?.file ? ` (for ${post.file})` : ""}: ${message}; ${fix}`);
}
