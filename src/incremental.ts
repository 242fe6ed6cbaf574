import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { BuildRecord } from "./cache.ts";
import type { Page } from "./pages.ts";
import { clearPlace, createLinker, removeFolder } from "./reuse.ts";
import { outputFile, searchBundleFolder } from "./routes.ts";
import { shardOf } from "./search.ts";

/**
 * A warm build writes only what changed. Every page is still rendered (the layouts are cheap; the
 * posts' Markdown comes from the cache), so nothing can be stale: a page whose HTML hashes as the
 * last build's did, and whose file in the last `_site/` is the one that build wrote (same size and
 * time: the live preview writes into `_site/` too), is hard-linked into the new output instead of
 * being written. The search index is linked the same way while no indexed page changed.
 */

/**
 * The pages Eleventy must still write; the others are linked from `previous` into `output` now.
 * Also records which part of the search index (of `shards`) each indexed page goes to.
 */
export function reusePages(pages: Page[], record: BuildRecord, previous: string, output: string, shards: number, folders?: Set<string>): Page[] {
  const last = record.pages;
  const next: BuildRecord["pages"] = new Map();
  const search = Array.from({ length: shards }, () => ({ files: [] as string[], hash: createHash("sha256") }));
  const fresh: Page[] = [];
  const link = createLinker(folders);
  for (const page of pages) {
    const html = page.render();
    const hash = createHash("sha256").update(html).digest("base64");
    const file = outputFile(page.permalink).slice(1);
    clearPlace(folders, path.join(output, file));
    if (html.includes("data-pagefind-body")) {
      const part = search[shardOf(file, shards)]!;
      part.files.push(file);
      part.hash.update(`${file}\u0000${hash}\u0000`);
    }
    const before = last.get(file);
    next.set(file, { hash, size: 0, mtimeMs: 0 });
    if (before?.hash === hash && isUnchanged(path.join(previous, file), before) && link(path.join(previous, file), path.join(output, file))) continue;
    fresh.push({ ...page, render: () => html });
  }
  record.pages = next;
  record.search = search.map(({ files, hash }) => ({ files, hash: hash.digest("base64") }));
  return fresh;
}

/** After the build: each page file's size and time, by which the next build knows it is untouched. */
export function recordWritten(record: BuildRecord, output: string): void {
  for (const [file, entry] of record.pages) {
    const { size, mtimeMs } = statSync(path.join(output, file));
    Object.assign(entry, { size, mtimeMs });
  }
}

function isUnchanged(file: string, entry: { size: number; mtimeMs: number }): boolean {
  try {
    const { size, mtimeMs } = statSync(file);
    return size === entry.size && mtimeMs === entry.mtimeMs;
  } catch {
    return false;
  }
}

/**
 * The parts of the search index to build: those whose pages changed since the last build (or that
 * it did not leave); the others are linked from it now.
 */
export function reuseSearch(last: BuildRecord["search"], next: BuildRecord["search"], previous: string, output: string, folders?: Set<string>): number[] {
  const todo: number[] = [];
  next.forEach((part, shard) => {
    if (last.length !== next.length || last[shard]?.hash !== part.hash || !linkFolder(previous, output, searchBundleFolder(shard), folders)) todo.push(shard);
  });
  return todo;
}

/** Links a whole folder of the last output (one part of the search index) into the new one: false if it was not there whole. */
function linkFolder(previous: string, output: string, folder: string, folders?: Set<string>): boolean {
  const from = path.join(previous, folder);
  if (!existsSync(path.join(from, "pagefind-entry.json"))) return false;
  const link = createLinker(folders);
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!link(file, path.join(output, folder, path.relative(from, file)))) {
      removeFolder(folders, path.join(output, folder));
      return false;
    }
  }
  return true;
}
