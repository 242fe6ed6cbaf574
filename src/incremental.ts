import { createHash } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { BuildRecord } from "./cache.ts";
import type { Page } from "./pages.ts";
import { outputFile, SEARCH_BUNDLE } from "./routes.ts";

/**
 * A warm build writes only what changed. Every page is still rendered (the layouts are cheap; the
 * posts' Markdown comes from the cache), so nothing can be stale: a page whose HTML hashes as the
 * last build's did, and whose file in the last `_site/` is the one that build wrote (same size and
 * time: the live preview writes into `_site/` too), is hard-linked into the new output instead of
 * being written. The search index is linked the same way while no indexed page changed.
 */

/** The pages Eleventy must still write; the others are linked from `previous` into `output` now. */
export function reusePages(pages: Page[], record: BuildRecord, previous: string, output: string): Page[] {
  const last = record.pages;
  const next: BuildRecord["pages"] = new Map();
  const search = createHash("sha256");
  const fresh: Page[] = [];
  const link = createLinker();
  for (const page of pages) {
    const html = page.render();
    const hash = createHash("sha256").update(html).digest("base64");
    const file = outputFile(page.permalink);
    if (html.includes("data-pagefind-body")) search.update(`${file}\u0000${hash}\u0000`);
    const before = last.get(file);
    next.set(file, { hash, size: 0, mtimeMs: 0 });
    if (before?.hash === hash && isUnchanged(path.join(previous, file), before) && link(path.join(previous, file), path.join(output, file))) continue;
    fresh.push({ ...page, render: () => html });
  }
  record.pages = next;
  record.search = search.digest("base64");
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
 * Hard links (a copy where the file system refuses links) into one output: false when the source is
 * gone. The folders it made are remembered, so a folder shared by many files is made once.
 */
export function createLinker(): (from: string, to: string) => boolean {
  const made = new Set<string>();
  return (from, to) => {
    try {
      const folder = path.dirname(to);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      try {
        linkSync(from, to);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
        copyFileSync(from, to);
      }
      return true;
    } catch {
      return false;
    }
  };
}

/** Links the last build's search index into `output`: true when it was there whole to link. */
export function reuseSearch(previous: string, output: string): boolean {
  const from = path.join(previous, SEARCH_BUNDLE);
  if (!existsSync(path.join(from, "pagefind.js"))) return false;
  const link = createLinker();
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!link(file, path.join(output, SEARCH_BUNDLE, path.relative(from, file)))) {
      rmSync(path.join(output, SEARCH_BUNDLE), { recursive: true, force: true });
      return false;
    }
  }
  return true;
}
