import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { isIP } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Eleventy from "@11ty/eleventy";
import { checkSite } from "./check.ts";
import { createReporter, formatDiagnostic, sortDiagnostics } from "./diagnostics.ts";
import { describeFailure } from "./failure.ts";
import { formatImportReport, importJekyll } from "./import.ts";
import { newPost } from "./new.ts";
import { listenOnlyOn, PREVIEW_HOST } from "./preview.ts";
import { CARD_FOLDER, CARD_NAME } from "./cards.ts";
import { compressSite, removeCompressed } from "./compress.ts";
import { IMAGE_FOLDER, VERSION_NAME } from "./images.ts";
import { seedFolder } from "./reuse.ts";
import { indexSite } from "./search.ts";
import { FUTURE, OVERRIDES } from "./site.ts";

const PROJECT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CONFIG = path.join(PROJECT, ".eleventy.ts");

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

/** Leftovers of builds that were killed: staging folders, or a swap cut between its two renames. */
async function recover(root: string, output: string): Promise<void> {
  const base = path.basename(output);
  const leftovers = readdirSync(root).filter((name) => name.startsWith(`${base}.`))
    .map((name) => ({ name, pid: Number(/\.(?:building|old)-(\d+)$/.exec(name)?.[1]) }))
    .filter(({ pid }) => Number.isInteger(pid) && pid !== process.pid && !isAlive(pid));
  const old = leftovers.find(({ name }) => name.includes(".old-"));
  if (!existsSync(output) && old) await rename(path.join(root, old.name), output);
  for (const { name } of leftovers) await rm(path.join(root, name), { recursive: true, force: true });
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
 * Builds the site into a fresh folder and swaps it into place only when the whole build
 * succeeded: a failed or killed build leaves the previous `_site/` as it was, and pages of
 * deleted posts never linger.
 */
export async function build(root: string): Promise<boolean> {
  const output = path.join(root, "_site");
  const lock = `${output}.lock`;
  await withLock(lock, () => recover(root, output));
  const staging = `${output}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const started = performance.now();
  try {
    // Image versions and social cards of the last build are reused, not made again (src/reuse.ts).
    seedFolder(output, staging, IMAGE_FOLDER, VERSION_NAME);
    seedFolder(output, staging, CARD_FOLDER, CARD_NAME);
    await new Eleventy(root, staging, { configPath: CONFIG, quietMode: true }).write();
    // The search index belongs to the same atomic output: built into the staging folder, swapped with it.
    await indexSite(staging);
    // Last, so that every text file (the index's scripts too) gets its .br and .gz.
    await compressSite(staging, output);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (!isBuildError(err)) console.error(`error: ${describeFailure(err)}`);
    console.error(`Build failed; ${path.relative(process.cwd(), output) || "."}/ was left as it was.`);
    return false;
  }
  const old = `${output}.old-${process.pid}`;
  await withLock(lock, async () => {
    if (existsSync(output)) await rename(output, old);
    await rename(staging, output);
  });
  await rm(old, { recursive: true, force: true });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.error(`Built ${path.relative(process.cwd(), output) || output}/ in ${seconds} s.`);
  return true;
}

/**
 * The live preview: Eleventy's dev server with live reload, writing straight into `_site/`. The
 * plugin rewrites only the pages an edit changed, and a mistake prints its diagnostics while the
 * last good pages stay served.
 */
async function serve(root: string, port: number, host: string): Promise<void> {
  listenOnlyOn(host);
  // The preview rewrites pages in place: a build's .br/.gz copies beside them would be stale.
  await removeCompressed(path.join(root, "_site"));
  const eleventy = new Eleventy(root, path.join(root, "_site"), { configPath: CONFIG, quietMode: true, runMode: "serve" });
  await eleventy.init();
  const rebuild = await eleventy.watch();
  // Eleventy rebuilds when a file changes or appears, but not when one is deleted: a deleted post
  // must take its page, and its place on the home and tag pages, with it.
  eleventy.watcher.on("unlink", (file) => void rebuild(file));
  await eleventy.serve(port);
  process.on("SIGINT", async () => {
    await eleventy.stopWatch();
    process.exit(0);
  });
}

/** Every check the build makes, without writing anything; exit status 1 on errors. */
function check(root: string, format: string): number {
  const reporter = createReporter();
  checkSite(root, reporter);
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  if (format === "json") {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    console.log(JSON.stringify({ errors, warnings: diagnostics.length - errors, diagnostics }, null, 2));
  } else {
    for (const d of diagnostics) console.error(formatDiagnostic(d));
    const posts = readdirSync(root).includes("posts") ? "" : " (no posts/ folder here)";
    console.error(reporter.hasErrors() ? "Check failed." : `Check passed${posts}.`);
  }
  return reporter.hasErrors() ? 1 : 0;
}

const USAGE = `usage: node bin/blog.mjs build [site-folder] [--url https://exemplo.com.br] [--pathprefix /blog/] [--future]
       node bin/blog.mjs serve [site-folder] [--port 8080] [--host 127.0.0.1]
       node bin/blog.mjs check [site-folder] [--format gnu|json]
       node bin/blog.mjs new "Título do post" [--tags "a b"] [--root site-folder]
       node bin/blog.mjs import <jekyll-site-folder> [--root site-folder]`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: { url: { type: "string" }, pathprefix: { type: "string" }, future: { type: "boolean", default: false }, port: { type: "string", default: "8080" }, host: { type: "string", default: PREVIEW_HOST }, format: { type: "string", default: "gnu" }, tags: { type: "string", default: "" }, root: { type: "string", default: "." }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (err) {
    // An unknown option or one missing its value: one line saying which, then the usage.
    console.error(`error: ${(err as Error).message.split(". ")[0]}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, arg] = positionals;
  if (values.url !== undefined) process.env[OVERRIDES.url] = values.url;
  if (values.pathprefix !== undefined) process.env[OVERRIDES.baseurl] = values.pathprefix;
  if (values.future) process.env[FUTURE] = "1";
  if (command === "build") return (await build(path.resolve(arg ?? "."))) ? 0 : 1;
  if (command === "serve") {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      console.error(`error: --port ${values.port} is not a port; give a number from 1 to 65535, such as --port 8081`);
      return 2;
    }
    if (!isIP(values.host) && values.host !== "localhost") {
      console.error(`error: --host ${values.host} is not an address of this machine; give an IP address, such as --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network)`);
      return 2;
    }
    await serve(path.resolve(arg ?? "."), port, values.host);
    return 0;
  }
  if (command === "check" && (values.format === "gnu" || values.format === "json")) return check(path.resolve(arg ?? "."), values.format);
  if (command === "import" && arg) {
    try {
      const report = importJekyll(path.resolve(arg), path.resolve(values.root));
      for (const line of formatImportReport(report)) console.log(line);
      return report.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      return 1;
    }
  }
  if (command === "new" && arg) {
    try {
      const { file, url } = newPost(path.resolve(values.root), arg, values.tags);
      console.log(`Wrote ${file}\nIt will be published at ${url}`);
      return 0;
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      return 1;
    }
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
