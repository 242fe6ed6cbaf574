import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { parseHTML } from "linkedom";
import type { Diagnostic } from "../../src/diagnostics.ts";

const run = promisify(execFile);
export const PROJECT = path.resolve(import.meta.dirname, "../..");
export const CLI = path.join(PROJECT, "bin/blog.mjs");

export interface BuildResult {
  code: number;
  stderr: string;
  diagnostics: Diagnostic[];
  /** The site's root folder (a copy, so tests never write into the repository). */
  root: string;
  output: string;
  /** The page at a URL path, parsed by a real HTML parser. */
  page(url: string): Document;
  exists(url: string): boolean;
}

const temporary: string[] = [];

/** A fresh temporary folder (a site, or what a test puts beside one), removed when the test file's tests are done. */
export function temporarySite(prefix = "blog-site-"): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(root);
  return root;
}

/** Removes the folders temporarySite and copySite made (test/helpers/setup.ts, after each test file). */
export function removeTemporarySites(): void {
  for (const root of temporary.splice(0)) rmSync(root, { recursive: true, force: true });
}

/**
 * The `_site*` entries of a site folder, once the outputs earlier builds replaced are dealt with: a
 * process of their own empties each after the build returns and keeps it as `_site.spare` (src/build.ts,
 * setAside), or removes it.
 */
export async function outputsOf(root: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const names = readdirSync(root).filter((name) => name.startsWith("_site")).sort();
    if (!names.some((name) => name.includes(".trash-")) || Date.now() > deadline) return names;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A copy of a fixture site (or of the project's own content) in a fresh temporary folder. */
export function copySite(fixture: string): string {
  const root = temporarySite();
  const from = fixture === "." ? PROJECT : path.join(PROJECT, "test/fixtures", fixture);
  // Jekyll's folders too (_includes, _data, a collection's), never an output.
  const jekyllFolders = readdirSync(from).filter((name) => name.startsWith("_") && !name.startsWith("_site"));
  for (const part of new Set(["posts", "images", "_config.yml", ...jekyllFolders])) {
    if (existsSync(path.join(from, part))) cpSync(path.join(from, part), path.join(root, part), { recursive: true });
  }
  return root;
}

const LINE = /^(?<file>[^:\n]+?)(?::(?<line>\d+))?(?::(?<column>\d+))?: (?<severity>error|warning): (?<message>.*) \[(?<code>[\w-]+)\]$/;

/** Diagnostics read back from the GNU-form lines the build prints. */
export function parseDiagnostics(stderr: string): Diagnostic[] {
  return stderr.split("\n").flatMap((text) => {
    const m = LINE.exec(text)?.groups;
    if (!m) return [];
    return [{
      file: m.file!, line: Number(m.line ?? 0), column: Number(m.column ?? 0),
      severity: m.severity as Diagnostic["severity"], code: m.code!, message: m.message!,
    }];
  });
}

// In-process builds share one Pagefind service, which each build closes at its end: one at a time.
let queue: Promise<unknown> = Promise.resolve();

/** The build `npm run build` runs, in this process: what it prints is collected, not printed. */
async function buildInProcess(root: string, flags: string[]): Promise<{ code: number; stderr: string }> {
  const { values } = parseArgs({ args: flags, options: { url: { type: "string" }, pathprefix: { type: "string" }, future: { type: "boolean", default: false } } });
  const lines: string[] = [];
  const { build } = await import("../../src/build.ts");
  const ok = await build(root, { overrides: { url: values.url, baseurl: values.pathprefix }, future: values.future, log: (line) => lines.push(line) });
  return { code: ok ? 0 : 1, stderr: lines.join("\n") };
}

/** `npm run build`'s own command in a child process, as a user runs it. */
async function buildInChild(root: string, env: Record<string, string>, flags: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [CLI, "build", root, ...flags], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stderr };
  } catch (err) {
    const failure = err as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
}

/**
 * Builds a site folder. In this process, one build at a time, unless the environment differs or
 * `child` asks for a process of its own (builds that must run at once, the CLI itself).
 */
export async function buildSite(root: string, env: Record<string, string> = {}, flags: string[] = [], { child = false } = {}): Promise<BuildResult> {
  let result: { code: number; stderr: string };
  if (child || Object.keys(env).length > 0) result = await buildInChild(root, env, flags);
  else {
    const turn = queue.then(() => buildInProcess(root, flags));
    queue = turn.catch(() => undefined);
    result = await turn;
  }
  const { code, stderr } = result;
  const output = path.join(root, "_site");
  const file = (url: string) => path.join(output, decodeURIComponent(url), url.endsWith("/") ? "index.html" : "");
  return {
    code, stderr, diagnostics: parseDiagnostics(stderr), root, output,
    page: (url) => parseHTML(readFileSync(file(url), "utf8")).document,
    exists: (url) => existsSync(file(url)),
  };
}

export async function buildFixture(fixture: string, env: Record<string, string> = {}): Promise<BuildResult> {
  return buildSite(copySite(fixture), env);
}

/** Text content with white space folded, as a reader sees it. */
export function text(node: { textContent: string | null } | null | undefined): string {
  return (node?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** Every file under a folder, by relative path, with its bytes (base64): for "left as it was" checks. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = readFileSync(full).toString("base64");
  }
  return files;
}
