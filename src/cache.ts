import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { createReporter, type Diagnostic, type Reporter } from "./diagnostics.ts";
import { readRegularFile } from "./files.ts";
import type { CardText } from "./cards.ts";
import type { ImageTable } from "./images.ts";
import type { LinkReads } from "./linkindex.ts";
import type { Read, Rendered, Shape, Structure } from "./model.ts";
import type { PostMeta } from "./posts.ts";

/**
 * What the live preview keeps between rebuilds, so that editing one post re-reads and re-renders
 * that post only, and what `npm run build` keeps between builds in `.cache/blog/` (saveBuildCache).
 * A post's render is reused while its text, its front matter, the link targets it looked up, the
 * images it shows and the settings are unchanged; the whole cache goes with a new version of the generator.
 */
export interface BlogCache {
  config: string;
  /** `digest`: a hash of the file's bytes, for the build's cache (a file is known by its bytes, not its time). */
  files: Map<string, { mtimeMs: number; size: number; digest?: string; read: Read | undefined; diagnostics: Diagnostic[] }>;
  /** With Liquid on: every link target and all Liquid reads as one string, and a number that changes whenever it does. */
  links: string;
  linksVersion: number;
  /** `links`: what the render asked of the link table and was told, or with Liquid on (which reads every post), the `linksVersion` it was made with. */
  renders: Map<string, Rendered & { read: Read; links: LinkReads | number; diagnostics: Diagnostic[] }>;
  images?: ImageTable;
  /** What publishing makes of a post's metadata alone (its URL, dates and card), by the metadata object: reused while the file is unchanged. */
  shown?: WeakMap<PostMeta, { url: string; dateIso: string; dateText: string; card?: { name: string; text: CardText; url: string } }>;
  /** The tags and related posts, while the published posts, their order and their tags are the same (src/publish.ts). */
  structure?: { shape: Shape[]; value: Structure; diagnostics: Diagnostic[] };
  /** The build's cache only: which site and generator it belongs to, and what the last build wrote. */
  build?: BuildRecord;
}

/** What the last successful build wrote: each page's hash (an unchanged page is linked, not written) and the search index's input. */
export interface BuildRecord {
  version: string;
  root: string;
  /** By output file: its HTML's hash, and the size and time of the file the build wrote (src/incremental.ts). */
  pages: Map<string, { hash: string; size: number; mtimeMs: number }>;
  /** Each part of the search index (src/search.ts): its pages, and a hash of them while it is the same, the last one is reused. */
  search: { files: string[]; hash: string }[];
}

export function createBlogCache(): BlogCache {
  // images, shown and structure named, so that resetting a cache (Object.assign) drops them too: they depend on settings.
  return { config: "", files: new Map(), links: "", linksVersion: 0, renders: new Map(), images: undefined, shown: undefined, structure: undefined };
}

/** Runs `work` with a reporter of its own and returns what it reported, to be replayed from a cache. */
export function capture<T>(work: (reporter: Reporter) => T): { value: T; diagnostics: Diagnostic[] } {
  const reporter = createReporter();
  const value = work(reporter);
  return { value, diagnostics: [...reporter.diagnostics] };
}


/** The build's cache, inside the site (and in its .gitignore): never published, never read from elsewhere. */
export const CACHE_FILE = ".cache/blog/build.v8";
/** Far above a 10,000-post blog's cache (95 MB, measured); a bigger file is not read. */
const MAX_CACHE_BYTES = 2 ** 31 - 1;

const PROJECT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
let version: string | undefined;

/**
 * The generator's version: a hash of its code, its layouts and its locked dependencies, so that
 * any change to what turns posts into pages starts the cache afresh.
 */
export function generatorVersion(): string {
  if (version) return version;
  const hash = createHash("sha256").update(process.version);
  for (const folder of ["src", "layouts"]) {
    for (const name of (readdirSync(path.join(PROJECT, folder), { recursive: true }) as string[]).sort()) {
      if (/\.(?:ts|css)$/.test(name)) hash.update(name).update(readFileSync(path.join(PROJECT, folder, name)));
    }
  }
  for (const file of ["package.json", "package-lock.json"]) {
    try {
      hash.update(readFileSync(path.join(PROJECT, file)));
    } catch {
      // An install without a lock file: the code's hash alone.
    }
  }
  return (version = hash.digest("hex").slice(0, 16));
}

/**
 * What an opened cache held (by identity: an entry the build made anew is a new object) and which
 * file it came from: a build that changed none of it does not write it again (stageBuildCache).
 * Serialising 10,000 posts' cache took 0.9 s, a tenth of a warm build that changed nothing.
 */
const opened = new WeakMap<BlogCache, { contents: unknown[]; file: Stats | undefined }>();

/** Everything of a cache the next build reads: the images' `generation` and `seen` marks are per build, and left out. */
function contentsOf(cache: BlogCache): unknown[] {
  const record = cache.build!;
  return [
    cache.config, cache.links, cache.linksVersion, cache.structure, cache.images,
    ...cache.files.values(), ...cache.renders.values(), ...cache.images?.described.values() ?? [],
    ...record.search.map((part) => part.hash),
    ...[...record.pages].flatMap(([file, { hash, size, mtimeMs }]) => [file, hash, size, mtimeMs]),
  ];
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The last build's cache of this site, or an empty one: when there is none, when it cannot be read,
 * or when it was made by another version of the generator or for a site in another folder.
 */
export function openBuildCache(root: string): BlogCache {
  const build: BuildRecord = { version: generatorVersion(), root: path.resolve(root), pages: new Map(), search: [] };
  const file = path.join(root, CACHE_FILE);
  const read = readRegularFile(file, MAX_CACHE_BYTES);
  if ("bytes" in read) {
    try {
      const saved = v8.deserialize(read.bytes) as BlogCache;
      if (saved.build?.version === build.version && saved.build.root === build.root) {
        opened.set(saved, { contents: contentsOf(saved), file: statOrUndefined(file) });
        return saved;
      }
    } catch {
      // Cut short or from another Node: built afresh, and written anew after.
    }
  }
  return { ...createBlogCache(), build };
}

/** What stageBuildCache did: wrote the cache for the swap, or kept the one in place, which the build found and did not change. */
export type StagedCache = { written: string } | { kept: Stats };

/**
 * Writes the cache beside its place, under a temporary name (`build.v8.<pid>`), as soon as the pages
 * are written: its bytes are not held while the search index is built. commitBuildCache puts it in
 * place with the swap; a build that fails or is killed leaves the last one whole. A build that
 * changed nothing in the cache it opened writes nothing: the file in place says it all already.
 */
export function stageBuildCache(root: string, cache: BlogCache): StagedCache {
  const before = opened.get(cache);
  const now = contentsOf(cache);
  if (before?.file && before.contents.length === now.length && before.contents.every((item, i) => item === now[i])) return { kept: before.file };
  const file = path.join(root, CACHE_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  // A post's text is not kept (a third of the bytes at 10,000 posts): the build reads every post's
  // bytes anyway, for its digest, and a post is read again only when it is rendered again
  // (src/read.ts). Each post's read is one object in both maps, and stays one.
  const stored = new Map<Read, Omit<Read, "body">>();
  const store = (read: Read) => {
    let kept = stored.get(read);
    if (!kept) stored.set(read, (kept = { file: read.file, bodyLine: read.bodyLine, data: read.data, meta: read.meta }));
    return kept;
  };
  const files = new Map([...cache.files].map(([file, entry]) => [file, entry.read ? { ...entry, read: store(entry.read) } : entry]));
  const renders = new Map([...cache.renders].map(([file, entry]) => [file, { ...entry, read: store(entry.read) }]));
  try {
    // `shown` is keyed by objects of this run only.
    writeFileSync(partial, v8.serialize({ ...cache, files, renders, shown: undefined }));
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { written: partial };
}

/**
 * Puts a staged cache in its place; throws (the staged file removed) when it was not written or
 * cannot be moved. A kept cache stays if it is still the file the build opened: another build may
 * have put its own there since, the record of another output, and it is removed.
 */
export function commitBuildCache(root: string, staged: StagedCache | Error): void {
  if (staged instanceof Error) throw staged;
  const file = path.join(root, CACHE_FILE);
  if ("kept" in staged) {
    const now = statOrUndefined(file);
    if (now && !(now.ino === staged.kept.ino && now.mtimeMs === staged.kept.mtimeMs && now.size === staged.kept.size)) rmSync(file, { force: true });
    return;
  }
  try {
    renameSync(staged.written, file);
  } catch (err) {
    rmSync(staged.written, { force: true });
    throw err;
  }
}

/** Removes what stageBuildCache wrote, for a build that failed after it. */
export function discardStagedCache(staged: StagedCache | Error | undefined): void {
  if (staged && !(staged instanceof Error) && "written" in staged) rmSync(staged.written, { force: true });
}
