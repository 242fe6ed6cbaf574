import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import { type BuildRecord, CACHE_FILE, commitBuildCache, discardStagedCache, openBuildCache, stageBuildCache, type StagedCache } from "./cache.ts";
import { CARD_NAME } from "./cards.ts";
import { compressSite, removeCompressed } from "./compress.ts";
import { describeFailure } from "./failure.ts";
import { VERSION_NAME } from "./images.ts";
import { recordWritten, reuseSearch } from "./incremental.ts";
import { CARD_FOLDER, IMAGE_FOLDER } from "./routes.ts";
import { assertInside, type BlogPluginOptions, withPluginOptions } from "./plugin.ts";
import { listenOnlyOn, watchFolder } from "./preview.ts";
import { POSTS_FOLDER } from "./read.ts";
import { seedFolder } from "./reuse.ts";
import type { SiteConfig } from "./site.ts";
import { indexSite } from "./search.ts";

const PROJECT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Set in the bundle bin/bundle.mjs makes: .eleventy.ts bundled beside it. */
declare const BUNDLED_ELEVENTY_CONFIG: string | undefined;
const CONFIG = typeof BUNDLED_ELEVENTY_CONFIG === "string" ? BUNDLED_ELEVENTY_CONFIG : path.join(PROJECT, ".eleventy.ts");

/** True when the error (or one it wraps) is the plugin's "diagnostics were printed" error. */
function isBuildError(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if (e.name === "BuildError") return true;
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  // A killed build whose parent is gone can linger as a zombie where nothing reaps it (containers).
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/**
 * Leftovers of builds that were killed: staging folders, caches written for a swap that never came,
 * or a swap cut between its two renames; and last outputs a remover has not finished with (killed,
 * or still at work: two removers of one folder do no harm).
 */
async function recover(root: string, output: string): Promise<void> {
  const base = path.basename(output);
  const names = readdirSync(root).filter((name) => name.startsWith(`${base}.`));
  const leftovers = names
    .map((name) => ({ name, pid: Number(/\.(?:building|old)-(\d+)$/.exec(name)?.[1]) }))
    .filter(({ pid }) => Number.isInteger(pid) && pid !== process.pid && !isAlive(pid));
  const old = leftovers.find(({ name }) => name.includes(".old-"));
  if (!existsSync(output) && old) await rename(path.join(root, old.name), output);
  for (const { name } of leftovers) await rm(path.join(root, name), { recursive: true, force: true });
  // A cache written by a build killed before its swap (stageBuildCache): `build.v8.<pid>`.
  const caches = path.dirname(path.join(root, CACHE_FILE));
  const partial = `${path.basename(CACHE_FILE)}.`;
  for (const name of existsSync(caches) ? readdirSync(caches) : []) {
    const pid = name.startsWith(partial) ? Number(name.slice(partial.length)) : Number.NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) rmSync(path.join(caches, name), { force: true });
  }
  const discarded = names.filter((name) => /\.trash-\d+$/.test(name)).map((name) => path.join(root, name));
  if (discarded.length > 0) discard(discarded);
}

/**
 * Removes folders in a process of its own, which outlives this one: the last output's tens of
 * thousands of files took a third of a warm build of 10,000 posts (4.5 of 12.3 s), and nothing waits
 * for them once the new `_site/` is in place. Only folders already renamed out of the way (never a
 * `_site.old-*` that recover() may put back) are given to it.
 */
function discard(folders: string[]): void {
  const remove = () => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  };
  try {
    const remover = spawn(process.execPath, ["-e", REMOVER, ...folders], { detached: true, stdio: "ignore" });
    remover.on("error", remove);
    remover.unref();
  } catch {
    remove();
  }
}
const REMOVER = "for (const f of process.argv.slice(1)) require('node:fs').rmSync(f, { recursive: true, force: true })";

/**
 * The output a build replaced, kept for the next build as folders only (`_site.spare/`): a process
 * of its own, which outlives this one, removes its files, writes the list of its folders in it
 * (FOLDER_LIST), and renames it; there is one spare at most (another is removed). A warm build then
 * makes none of its thousands of folders: on this VM's disk a mkdir took 0.02–0.3 ms, and removing a
 * folder as long, while linking a file took 0.01 ms.
 */
function setAside(folder: string, spare: string): void {
  try {
    const sparer = spawn(process.execPath, ["-e", SPARER, folder, spare, FOLDER_LIST], { detached: true, stdio: "ignore" });
    sparer.on("error", () => discard([folder]));
    sparer.unref();
  } catch {
    discard([folder]);
  }
}
const FOLDER_LIST = ".blog-folders.json";
const SPARER = `const fs = require('node:fs'), path = require('node:path');
const [folder, spare, list] = process.argv.slice(1);
try {
  const folders = [];
  for (const e of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const file = path.join(e.parentPath, e.name);
    if (e.isDirectory()) folders.push(path.relative(folder, file)); else fs.unlinkSync(file);
  }
  fs.writeFileSync(path.join(folder, list), JSON.stringify(folders));
  fs.renameSync(folder, spare);
} catch {
  fs.rmSync(folder, { recursive: true, force: true });
}`;

/**
 * Takes the spare output (setAside) as this build's staging folder, when there is a whole one:
 * returns its folders (from its list: walking 15,000 folders took 0.4 s).
 */
function claimSpare(spare: string, staging: string): Set<string> {
  try {
    renameSync(spare, staging);
  } catch {
    return new Set();
  }
  const list = path.join(staging, FOLDER_LIST);
  try {
    const folders = JSON.parse(readFileSync(list, "utf8")) as unknown;
    rmSync(list);
    if (!Array.isArray(folders)) throw new Error("not a list of folders");
    // Each inside it (assertInside throws otherwise): a list edited to name another place is not used.
    return new Set([staging, ...folders.map((folder: unknown) => assertInside(staging, path.join(staging, String(folder))))]);
  } catch {
    // Not one the sparer finished, or a list that names another place: the build starts from an empty folder.
    rmSync(staging, { recursive: true, force: true });
    return new Set();
  }
}

/**
 * The spare's folders the new output put nothing in (a deleted post's), deepest first. Those of
 * its pages, and the folders above them, are not tried.
 */
function pruneFolders(staging: string, skeleton: string[], pages: readonly string[]): void {
  const filled = new Set<string>();
  for (const page of pages) {
    for (let folder = path.dirname(path.join(staging, page)); folder.length > staging.length && !filled.has(folder); folder = path.dirname(folder)) filled.add(folder);
  }
  for (const folder of skeleton.filter((f) => !filled.has(f)).sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty: the new output's.
    }
  }
}

/** Serialises the swap of concurrent builds (mkdir is atomic); a dead holder's lock is broken. */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        // Taken a moment ago, its pid not yet written.
      }
      const stale = Number.isInteger(holder) ? !isAlive(holder) : Date.now() - statSafe(lock) > 10_000;
      if (stale) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function statSafe(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Runs Eleventy on an empty input folder of its own: Eleventy runs every `*.11ty.js` it finds, and
 * `_data/*.js` as data, so it must never search the site (an imported folder could hold one). Our
 * plugin reads the site itself (from its `root` option) and hands Eleventy only virtual templates.
 */
async function withEmptyInput<T>(work: (input: string) => Promise<T>): Promise<T> {
  const input = await mkdtemp(path.join(tmpdir(), "blog-eleventy-input-"));
  try {
    return await work(input);
  } finally {
    await rm(input, { recursive: true, force: true });
  }
}

/**
 * Collects the garbage (Eleventy's pages; once writePages has returned, the cache's objects too)
 * before Pagefind's process takes its memory: the whole build's peak is lower. The second
 * collection, a turn of the event loop later, is the one that hands the emptied heap back (4,000
 * posts: RSS 514 → 379 MiB, where one collection left it at 514). `npm run build` runs Node with
 * --expose-gc; without the flag there is no gc() and this does nothing.
 */
async function collectGarbage(): Promise<void> {
  const { gc } = globalThis as { gc?: () => void };
  if (!gc) return;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/**
 * Eleventy's part of a build: every page written into `staging`, the unchanged ones linked from
 * `previous`. Returns the cache as staged (written for the next build's head start, kept as it was,
 * or why it could not be written) and what the search index needs; the cache's objects, every post's text and HTML, are garbage
 * once this returns.
 */
async function writePages(root: string, staging: string, previous: string, folders: Set<string>, options: BlogPluginOptions): Promise<{
  cache: StagedCache | Error; precompress: boolean; search: BuildRecord["search"]; todo: number[]; pages: string[];
}> {
  let precompress = false;
  // What the last build rendered and wrote (src/cache.ts, src/incremental.ts).
  const cache = openBuildCache(root);
  const record = cache.build!;
  const indexed = record.search;
  const settings = { ...options, root, cache, previous, folders, onConfig: (config: SiteConfig) => (precompress = config.precompress) };
  await withEmptyInput((input) => new Eleventy(input, staging, { configPath: CONFIG, quietMode: true, config: withPluginOptions(settings) }).write());
  recordWritten(record, staging);
  // The search index belongs to the same atomic output: built into the staging folder, swapped with
  // it; each part of it is linked from the last build while none of its pages changed.
  const todo = reuseSearch(indexed, record.search, previous, staging, folders);
  // When Pagefind runs next, Eleventy's garbage goes first: the cache's bytes are not added to it
  // (10,000 posts: 818 → 664 MiB). A build that changed no page needs neither.
  if (todo.length > 0) await collectGarbage();
  let staged: StagedCache | Error;
  try {
    staged = stageBuildCache(root, cache);
  } catch (err) {
    staged = err as Error;
  }
  return { cache: staged, precompress, search: record.search, todo, pages: [...record.pages.keys()] };
}

/**
 * Builds the site into a fresh folder and swaps it into place only when the whole build
 * succeeded: a failed or killed build leaves the previous `_site/` as it was, and pages of
 * deleted posts never linger.
 */
export async function build(root: string, options: BlogPluginOptions = {}): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.error(line));
  const output = path.join(root, "_site");
  const lock = `${output}.lock`;
  await withLock(lock, () => recover(root, output));
  const staging = `${output}.building-${process.pid}`;
  const spare = `${output}.spare`;
  await rm(staging, { recursive: true, force: true });
  const started = performance.now();
  // The output before last, as folders only (setAside), is this build's to fill.
  const folders = claimSpare(spare, staging);
  const skeleton = [...folders];
  // The cache as staged for the swap (src/cache.ts, stageBuildCache), or why it could not be.
  let staged: StagedCache | Error | undefined;
  try {
    // Image versions and social cards of the last build are reused, not made again (src/reuse.ts).
    seedFolder(output, staging, IMAGE_FOLDER, VERSION_NAME, folders);
    seedFolder(output, staging, CARD_FOLDER, CARD_NAME, folders);
    const written = await writePages(root, staging, output, folders, options);
    staged = written.cache;
    if (written.todo.length > 0) {
      await collectGarbage();
      await indexSite(staging, written.search.map((part) => part.files), written.todo);
    }
    // Last, so that every text file (the index's scripts too) gets its .br and .gz, when the site
    // asks for them (`precompress: true`).
    if (written.precompress) await compressSite(staging, output);
    pruneFolders(staging, skeleton, written.pages);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    discardStagedCache(staged);
    if (!isBuildError(err)) log(`error: ${describeFailure(err)}`);
    log(`Build failed; ${path.relative(process.cwd(), output) || "."}/ was left as it was.`);
    return false;
  }
  const old = `${output}.old-${process.pid}`;
  await withLock(lock, async () => {
    if (existsSync(output)) await rename(output, old);
    await rename(staging, output);
    // With the swap, under its lock: the cache is always the record of the _site/ in place, even
    // when two builds run at once.
    try {
      commitBuildCache(root, staged!);
    } catch (err) {
      // The site is built; only the next build's head start is lost.
      rmSync(path.join(root, CACHE_FILE), { recursive: true, force: true });
      log(`warning: the build's cache could not be written (${(err as Error).message}); the next build starts afresh`);
    }
  });
  // Renamed (one step) before it is emptied (many, in the background): a name recover() never restores.
  const trash = `${output}.trash-${process.pid}`;
  try {
    await rename(old, trash);
    setAside(trash, spare);
  } catch {
    await rm(old, { recursive: true, force: true });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  log(`Built ${path.relative(process.cwd(), output) || output}/ in ${seconds} s.`);
  return true;
}

/**
 * The live preview: Eleventy's dev server with live reload, writing straight into `_site/`. The
 * plugin rewrites only the pages an edit changed, and a mistake prints its diagnostics while the
 * last good pages stay served.
 */
export async function serve(root: string, port: number, host: string, options: BlogPluginOptions = {}): Promise<void> {
  await listenOnlyOn(host);
  // The preview rewrites pages in place: a build's .br/.gz copies beside them would be stale.
  await removeCompressed(path.join(root, "_site"));
  // Eleventy's input is an empty folder for as long as the preview runs (see withEmptyInput).
  const input = await mkdtemp(path.join(tmpdir(), "blog-eleventy-input-"));
  process.on("exit", () => rmSync(input, { recursive: true, force: true }));
  const eleventy = new Eleventy(input, path.join(root, "_site"), { configPath: CONFIG, quietMode: true, runMode: "serve", config: withPluginOptions({ ...options, root }) });
  await eleventy.init();
  const rebuild = await eleventy.watch();
  // Eleventy rebuilds when a file changes or appears, but not when one is deleted: a deleted page
  // or image must take its place with it.
  eleventy.watcher.on("unlink", (file) => void rebuild(file));
  // posts/ is watched here, not by Eleventy's chokidar (src/preview.ts, watchFolder). Eleventy
  // watches it when there is none yet (its first post is seen) and when @parcel/watcher cannot (no
  // build of it for this platform, the system's limit on watches): slower, never blind.
  const posts = path.join(root, POSTS_FOLDER);
  const byEleventy = async () => {
    eleventy.watcher.add(posts);
    return async () => {};
  };
  const unwatch = existsSync(posts)
    ? await watchFolder(posts, (files) => files.forEach((file) => void rebuild(file)), (err) => console.error(`the preview cannot watch ${POSTS_FOLDER}/: ${err.message}; restart it`))
      .catch((err: Error) => {
        console.error(`${POSTS_FOLDER}/ is watched by Eleventy's watcher instead, slower in a large blog (@parcel/watcher: ${err.message.split("\n")[0]})`);
        return byEleventy();
      })
    : await byEleventy();
  await eleventy.serve(port);
  // Stopped with Ctrl-C or by a process manager: exit (and the handler above removes the input folder).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      await Promise.all([unwatch(), eleventy.stopWatch()]);
      process.exit(0);
    });
  }
}

