// Our TypeScript, bundled once with esbuild and run as JavaScript: through tsx, registering its loader
// and passing our modules through it, a warm 1,000-post build took 0.35 s longer (docs/reference.md,
// "Performance").
// The bundle is made again when any file it was made from changes; when it cannot be made or kept
// (esbuild fails, a read-only folder), the caller runs the source through tsx as before.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const THIS_FILE = fileURLToPath(import.meta.url);
const PROJECT = path.dirname(path.dirname(THIS_FILE));
const ENTRIES = { cli: "src/cli.ts", eleventy: ".eleventy.ts" };
/** Bundles made longer ago than this, but the current one, are removed when another is made. */
const KEEP_MS = 24 * 60 * 60 * 1000;

const digest = (bytes) => createHash("sha256").update(bytes).digest("hex");

/**
 * The path of the bundled command line of the project at `project`, made in `cache` if its sources
 * changed since the last one (`cache/current.json` names it, with a digest of every file it was made
 * from); undefined when it cannot be made.
 */
export async function bundledCli({ project = PROJECT, cache = path.join(PROJECT, "node_modules/.cache/blog") } = {}) {
  try {
    const current = readCurrent(cache);
    return upToDate(project, cache, current) ?? await makeBundle(project, cache, current?.key);
  } catch {
    return undefined;
  }
}

/** What `current.json` says: `{ key, project, inputs }`, or undefined when there is none to read. */
function readCurrent(cache) {
  try {
    return JSON.parse(readFileSync(path.join(cache, "current.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/** The bundle `current` names, if every file it was made from is as it was then. */
function upToDate(project, cache, current) {
  // It names its project's files by path: another checkout sharing the folder needs its own.
  if (current?.project !== project) return undefined;
  try {
    for (const [file, hash] of Object.entries(current.inputs)) {
      if (digest(readFileSync(path.resolve(project, file))) !== hash) return undefined;
    }
  } catch {
    return undefined;
  }
  const cli = path.join(cache, current.key, "cli.mjs");
  return existsSync(cli) ? cli : undefined;
}

async function makeBundle(project, cache, currentKey) {
  const { build } = await import("esbuild");
  mkdirSync(cache, { recursive: true });
  removeOld(cache, currentKey);
  // A folder of its own for each bundle made: a run that made one at the same time, or is still
  // running the last one, keeps its own; current.json, replaced at once, names the newest.
  const key = `${Date.now().toString(36)}-${process.pid}`;
  const folder = path.join(cache, key);
  const inputs = { [path.relative(project, THIS_FILE)]: digest(readFileSync(THIS_FILE)) };
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(project, file)])),
    outdir: folder,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // The two entries share one copy of each module: Eleventy imports the config, which imports the plugin.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "silent",
    // src/build.ts hands Eleventy this config instead of .eleventy.ts, which Node cannot import without tsx.
    define: { BUNDLED_ELEVENTY_CONFIG: JSON.stringify(path.join(folder, "eleventy.mjs")) },
    plugins: [sourceFiles(project, inputs)],
  });
  const pointer = path.join(cache, `current.json.${key}`);
  writeFileSync(pointer, JSON.stringify({ key, project, inputs }));
  renameSync(pointer, path.join(cache, "current.json"));
  return path.join(folder, "cli.mjs");
}

/**
 * Loads our TypeScript as it is, noting each file's digest; `import.meta.url` keeps naming the
 * source file, as modules use it to find what lies beside them (layouts/style.css, the project root).
 */
function sourceFiles(project, inputs) {
  return {
    name: "source-files",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const bytes = readFileSync(args.path);
        inputs[path.relative(project, args.path)] = digest(bytes);
        const contents = bytes.toString("utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
        return { contents, loader: "ts" };
      });
    },
  };
}

/** Removes the bundles made over a day ago but the current one; a run using one loaded it when it started. */
function removeOld(cache, currentKey) {
  for (const name of readdirSync(cache)) {
    const file = path.join(cache, name);
    const made = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (name === "current.json" || name === currentKey || Date.now() - made < KEEP_MS) continue;
    rmSync(file, { recursive: true, force: true });
  }
}
