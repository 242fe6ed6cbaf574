import { readFileSync } from "node:fs";
import path from "node:path";
import { createDateFormat } from "./dates.ts";
import type { Reporter } from "./diagnostics.ts";
import { listFiles, type SiteFile } from "./files.ts";
import { parseFrontMatter } from "./frontmatter.ts";
import { createMarkdown, type RenderEnv } from "./markdown/index.ts";
import { addTarget, createLinkIndex, encodePath } from "./markdown/links.ts";
import { decodeSource } from "./source.ts";
import { findUrlCollisions, isPostFile, normalizePost, type PostMeta } from "./posts.ts";
import { loadSiteConfig, type SiteConfig } from "./site.ts";
import { buildTagIndex } from "./tags.ts";

export const POSTS_FOLDER = "posts";

/** No real post comes near this; it bounds the time and memory one file can cost. */
export const MAX_POST_BYTES = 4 * 2 ** 20;

export interface PageLink {
  title: string;
  url: string;
}

/** A post ready for the layouts: every URL already carries the base path and is encoded. */
export interface Post extends PostMeta {
  url: string;
  html: string;
  excerpt: string;
  dateIso: string;
  dateText: string;
  tagLinks: PageLink[];
  older?: PageLink;
  newer?: PageLink;
}

export interface TagPage {
  name: string;
  slug: string;
  permalink: string;
  url: string;
  posts: Post[];
}

export interface Blog {
  config: SiteConfig;
  /** Newest first. */
  posts: Post[];
  /** By name, in Portuguese collation. */
  tags: TagPage[];
  /** Files copied as they are: images, and anything in posts/ that is not a post. */
  assets: SiteFile[];
  /** URL of a site path, with the base path and encoding applied. */
  url(permalink: string): string;
}

interface Loaded {
  meta: PostMeta;
  body: string;
  bodyLine: number;
}

/**
 * Reads, checks and renders the whole site once: each post is read and parsed once, and every
 * lookup (files, URLs, tags) is a table built once per build.
 */
export function loadBlog(root: string, reporter: Reporter): Blog {
  const config = loadSiteConfig(root, reporter);
  const dates = createDateFormat(config.timezone, config.lang);
  const url = (permalink: string) => config.baseurl + encodePath(permalink);

  const postFolder = listFiles(root, POSTS_FOLDER, reporter);
  const postFiles = postFolder.filter((f) => isPostFile(f.path));
  const assets = [
    ...postFolder.filter((f) => !isPostFile(f.path)),
    ...config.static.flatMap((folder) => listFiles(root, folder, reporter)),
  ];

  const links = createLinkIndex(config.baseurl);
  for (const asset of assets) addTarget(links, asset.path, { kind: "asset", url: `/${asset.path}` });

  const loaded: Loaded[] = [];
  for (const file of postFiles) {
    const post = readPost(root, file, config, dates, reporter);
    if (post) loaded.push(post);
    else addTarget(links, file.path, undefined);
  }
  loaded.sort((a, b) => b.meta.date.getTime() - a.meta.date.getTime() || (a.meta.file < b.meta.file ? -1 : 1));
  const losers = findUrlCollisions(loaded.map((l) => l.meta), reporter);
  const kept = loaded.filter((l) => !losers.has(l.meta));
  for (const { meta } of kept) addTarget(links, meta.file, { kind: "page", url: meta.permalink });

  const md = createMarkdown();
  const posts: Post[] = kept.map(({ meta, body, bodyLine }) => {
    const env: RenderEnv = { file: meta.file, bodyLine, lines: body.split("\n"), links, reporter };
    const html = md.render(body, env);
    return {
      ...meta, url: url(meta.permalink), html, excerpt: env.excerpt ?? "",
      dateIso: dates.iso(meta.date), dateText: dates.long(meta.date), tagLinks: [],
    };
  });

  const tagIndex = buildTagIndex(
    posts.map((p) => p.tags.map((name, i) => ({ name, file: p.file, ...p.tagPositions[i]! }))), reporter);
  const tags: TagPage[] = tagIndex.map((tag) => ({
    name: tag.name, slug: tag.slug, permalink: tag.permalink, url: url(tag.permalink),
    posts: tag.posts.map((i) => posts[i]!),
  }));
  for (const tag of tags) for (const post of tag.posts) post.tagLinks.push({ title: tag.name, url: tag.url });
  posts.forEach((post, i) => {
    const newer = posts[i - 1];
    const older = posts[i + 1];
    if (newer) post.newer = { title: newer.title, url: newer.url };
    if (older) post.older = { title: older.title, url: older.url };
    post.tagLinks.sort((a, b) => a.title.localeCompare(b.title, "pt-BR"));
  });
  return { config, posts, tags, assets, url };
}

function readPost(
  root: string, file: SiteFile, config: SiteConfig, dates: ReturnType<typeof createDateFormat>, reporter: Reporter,
): Loaded | undefined {
  const bytes = readFileSync(path.join(root, file.source));
  if (bytes.length > MAX_POST_BYTES) {
    reporter.error(file.path, 1, 1, "too-large",
      `the post is ${(bytes.length / 2 ** 20).toFixed(1)} MiB; posts are limited to ${MAX_POST_BYTES / 2 ** 20} MiB so a build stays fast: split it into several posts`);
    return undefined;
  }
  const text = decodeSource(bytes, file.path, reporter);
  if (text === undefined) return undefined;
  const frontMatter = parseFrontMatter(text, file.path, reporter);
  if (!frontMatter) return undefined;
  if (frontMatter.body.trim() === "") {
    reporter.error(file.path, frontMatter.bodyLine + 1, 1, "empty-post", frontMatter.bodyLine === 0
      ? "the file is empty; write the post (front matter between --- lines, then the text), or delete the file"
      : "the post has no text after its front matter; write the post, or delete the file");
    return undefined;
  }
  const meta = normalizePost(file.path, frontMatter, text, config, dates, reporter);
  return meta && { meta, body: frontMatter.body, bodyLine: frontMatter.bodyLine };
}
