import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { type BlogCache, capture } from "./cache.ts";
import type { DateFormat } from "./dates.ts";
import { createReporter, type Reporter } from "./diagnostics.ts";
import { listFiles, readRegularFile, type SiteFile } from "./files.ts";
import { parseFrontMatter } from "./frontmatter.ts";
import { titleFromHeading } from "./jekyll.ts";
import type { Loaded, Read } from "./model.ts";
import { isDraftFile, isPostFile, normalizePost } from "./posts.ts";
import type { SiteConfig } from "./site.ts";
import { decodeSource } from "./source.ts";

/** Stage 1, reading: every file of the site once, and the live preview's cache of what it read. */

export const POSTS_FOLDER = "posts";

/** No real post comes near this; it bounds the time and memory one file can cost. */
export const MAX_POST_BYTES = 4 * 2 ** 20;

/** What reading a site found: posts with their metadata, posts without, and files copied as they are. */
export interface SiteFiles {
  posts: Loaded[];
  /** Posts whose front matter is wrong: not published, but their Markdown is still checked. */
  unpublished: Read[];
  /** Post files that could not be read at all (a link to one is "broken", not "missing"). */
  unread: SiteFile[];
  /** Files copied as they are: images, and anything in posts/ that is not a post. */
  assets: SiteFile[];
}

/** Lists and reads the site's files: posts (through the cache when the preview has one) and assets. */
export function readSite(
  root: string, config: SiteConfig, dates: DateFormat, reporter: Reporter,
  { cache, changed }: { cache?: BlogCache; changed?: ReadonlySet<string> } = {},
): SiteFiles {
  const postFolder = listFiles(root, POSTS_FOLDER, reporter);
  const assets = [
    ...postFolder.filter((f) => !isPostFile(f.path)),
    ...config.static.flatMap((folder) => listFiles(root, folder, reporter)),
  ];
  const site: SiteFiles = { posts: [], unpublished: [], unread: [], assets };
  for (const file of postFolder.filter((f) => isPostFile(f.path))) {
    const post = cache ? readPostCached(root, file, config, dates, reporter, cache, changed) : readPost(root, file, config, dates, reporter);
    if (post?.meta) site.posts.push(post as Loaded);
    else {
      if (post) site.unpublished.push(post);
      site.unread.push(file);
    }
  }
  return site;
}

/** One post, through the cache: read again only when its time or size (or, for the build, its bytes) changed. */
export function readPostCached(
  root: string, file: SiteFile, config: SiteConfig, dates: DateFormat, reporter: Reporter, cache: BlogCache,
  changed: ReadonlySet<string> | undefined,
): Read | undefined {
  const source = path.resolve(root, file.source);
  let hit = cache.files.get(file.path);
  const { mtimeMs, size } = hit && changed && !changed.has(source) ? hit : statSync(source);
  // The build's cache knows a post by its bytes (a fresh checkout touches every file); the preview's,
  // kept only while it runs, by its time. A draft's time is its date (readPost).
  const digest = cache.build ? digestOf(source) : undefined;
  const timed = !cache.build || isDraftFile(file.path);
  if (!hit || hit.size !== size || hit.digest !== digest || (timed && hit.mtimeMs !== mtimeMs)) {
    const { value, diagnostics } = capture((sub) => readPost(root, file, config, dates, sub));
    hit = { mtimeMs, size, digest, read: value, diagnostics };
    cache.files.set(file.path, hit);
  }
  // From the build's cache, a post comes without its text (src/cache.ts, stageBuildCache): read
  // again if it is rendered again (a link target changed), as this build reads it.
  const read = hit.read;
  if (read && (cache.build || !Object.hasOwn(read, "body"))) {
    const reread = () => readPost(root, file, config, dates, createReporter())?.body ?? "";
    if (cache.build) rereads.set(read, reread);
    if (!Object.hasOwn(read, "body")) bodyFromFile(read, reread);
  }
  for (const d of hit.diagnostics) reporter.report(d);
  return read;
}

/** How to read a post's text again, for the build's reads: the cache file does not keep it. */
const rereads = new WeakMap<Read, () => string>();

/** From now on, a read's text is read again from its file when first asked. */
function bodyFromFile(read: Read, reread: () => string): void {
  let body: string | undefined;
  Object.defineProperty(read, "body", { get: () => (body ??= reread()), configurable: true });
}

/**
 * The build's, once every post is rendered: each post's text is let go, read again from its file if
 * asked. Nothing asks in a build, and at 10,000 posts the texts held 23 MiB until the last page was
 * written, the build's memory peak.
 */
export function releaseBodies(cache: BlogCache): void {
  if (!cache.build) return;
  for (const { read } of cache.files.values()) {
    const reread = read && rereads.get(read);
    if (reread && "value" in Object.getOwnPropertyDescriptor(read, "body")!) bodyFromFile(read, reread);
  }
}

/** A hash of a post's bytes, or undefined when it cannot be read (readPost then says why). */
function digestOf(file: string): string | undefined {
  const read = readRegularFile(file, MAX_POST_BYTES);
  return "bytes" in read ? createHash("sha256").update(read.bytes).digest("base64") : undefined;
}

function readPost(
  root: string, file: SiteFile, config: SiteConfig, dates: DateFormat, reporter: Reporter,
): Read | undefined {
  const read = readRegularFile(path.join(root, file.source), MAX_POST_BYTES);
  if (!("bytes" in read)) {
    const fix = read.code === "too-large" ? " so a build stays fast: split it into several posts" : "";
    reporter.error(file.path, 1, 1, read.code, `the post was not read: ${read.message}${fix}`);
    return undefined;
  }
  const text = decodeSource(read.bytes, file.path, reporter);
  if (text === undefined) return undefined;
  const parsed = parseFrontMatter(text, file.path, reporter);
  if (!parsed) return undefined;
  const frontMatter = { ...parsed };
  if (frontMatter.data.title === undefined || frontMatter.data.title === null) {
    const heading = titleFromHeading(frontMatter.body);
    if (heading) Object.assign(frontMatter, { data: { ...frontMatter.data, title: heading.title }, body: heading.body });
  }
  // Jekyll builds an empty file, and a post that is only front matter (real blogs have them: a link,
  // an image, a stub), so they are built here too, their page their title; the warning says so.
  if (text.trim() === "") {
    reporter.warning(file.path, 1, 1, "empty-post",
      "the file is empty; it is built with a title made from its file name, as Jekyll builds it: write the post, or delete the file");
  } else if (frontMatter.body.trim() === "") {
    reporter.warning(file.path, frontMatter.bodyLine + 1, 1, "empty-post",
      "the post has no text after its front matter; it is built with its title only: write the text, or delete the file");
  }
  // Jekyll dates a draft without a date by its file's last change.
  const modified = isDraftFile(file.path) ? statSync(path.join(root, file.source)).mtime : undefined;
  const meta = normalizePost(file.path, frontMatter, text, config, dates, reporter, modified);
  return { file: file.path, meta, body: frontMatter.body, bodyLine: frontMatter.bodyLine, data: frontMatter.data };
}
