import { appendFileSync, rmSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { loadBlog } from "./blog.ts";
import { POSTS_FOLDER } from "./read.ts";
import { createReporter, type Diagnostic, formatDiagnostic, type Reporter, sortDiagnostics } from "./diagnostics.ts";
import { describeFailure } from "./failure.ts";
import { isSymlink, opensWithFrontMatter, readRegularFile, shortPath } from "./files.ts";
import { collectionNames, DATA_FOLDER, INCLUDES_FOLDER } from "./liquidjs.ts";
import { PAGES_FOLDER } from "./pagefiles.ts";
import { SITE_PERMALINKS } from "./routes.ts";
import { CONFIG_FILE, defaultSiteConfig, isPlainFolder, MAX_CONFIG_BYTES, RESERVED_FOLDERS } from "./site.ts";
import { untouchedSample } from "./sample.ts";
import { loadYaml } from "./yaml.ts";

/** `_config.yml` keys of a Jekyll site that mean the same here. */
const CONFIG_KEYS = ["title", "description", "url", "baseurl", "permalink", "timezone", "excerpt_separator", "lang", "author"] as const;
/** Never static content: the build output and dependencies (dot-folders are skipped anyway). */
const NOT_STATIC = new Set(["_site", "node_modules", "vendor"]);
/** Files at a Jekyll site's root that Jekyll itself does not publish (its default `exclude:`, and its settings). */
const NOT_PUBLISHED = new Set(["_config.yml", "Gemfile", "Gemfile.lock", "gemfiles"]);

export interface ImportReport {
  copied: string[];
  /** Files that were already in the blog: left as they were. */
  kept: string[];
  posts: number;
  staticFolders: string[];
  /** What Jekyll publishes from the site's root and this import leaves behind: pages (front matter) and other files. */
  leftAtRoot: { pages: string[]; files: string[] };
  /** The Jekyll site's Markdown pages, copied into pages/. */
  pages: string[];
  /** Its pages this blog makes its own of: `index.html → the home page`, `archive.html → /arquivo/`. */
  madeHere: string[];
  /** `_config.yml` settings not written because the blog already has a `_config.yml`. */
  settingsNotWritten: Record<string, string>;
  converted: Map<string, number>;
  /** The posts use Jekyll's Liquid, so it runs here too (`liquid: true`). */
  liquid: boolean;
  /** The shipped sample's files, removed because they were untouched (a fresh clone). */
  replacedSample: string[];
  /** Files and folders left behind, and why (symlinks, special files, reserved folder names). */
  skipped: { file: string; reason: string }[];
  diagnostics: Diagnostic[];
}

/**
 * Copies a Jekyll site's posts (`_posts/`, recursively, and `_drafts/`), its static folders and
 * its settings into this blog, never overwriting a file, then checks the result as `npm run build`
 * would and reports what it found. The Jekyll site is only read.
 */
export function importJekyll(from: string, to: string): ImportReport {
  if (!existsSync(path.join(from, "_posts"))) {
    throw new Error(`${from} has no _posts/ folder: give the path of a Jekyll site (the folder with _config.yml and _posts/)`);
  }
  const jekyll = readJekyllConfig(from);
  const report: ImportReport = {
    copied: [], kept: [], posts: 0, staticFolders: [], leftAtRoot: { pages: [], files: [] }, pages: [], madeHere: [], settingsNotWritten: {}, converted: new Map(), liquid: false, skipped: [], diagnostics: [],
    replacedSample: untouchedSample(to),
  };
  // A fresh clone's untouched sample gives way to the imported blog; anything of the author's stays.
  for (const file of report.replacedSample) rmSync(path.join(to, file));
  const skip = (source: string, reason: string): false => {
    report.skipped.push({ file: shortPath(path.relative(from, source)), reason });
    return false;
  };
  // Regular files only: a symlink could reach outside the Jekyll site (a `_posts` linked to /etc), a
  // FIFO would hang the copy. Each one left behind is named in the report.
  const copy = (source: string, target: string): boolean => {
    let entries;
    try {
      if (lstatSync(source).isSymbolicLink()) return skip(source, "a symbolic link (not followed: it can reach outside the site)");
      entries = readdirSync(source, { withFileTypes: true });
    } catch (err) {
      return skip(source, `not readable (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const s = path.join(source, entry.name);
      const t = path.join(target, entry.name);
      if (entry.isSymbolicLink()) skip(s, "a symbolic link (not followed: it can reach outside the site)");
      else if (entry.isDirectory()) copy(s, t);
      else if (!entry.isFile()) skip(s, "not a regular file (a FIFO, socket or device)");
      else if (existsSync(t)) report.kept.push(path.relative(to, t));
      else {
        try {
          mkdirSync(target, { recursive: true });
          copyFileSync(s, t, constants.COPYFILE_EXCL);
          report.copied.push(path.relative(to, t));
        } catch (err) {
          skip(s, `not copied (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
      }
    }
    return true;
  };
  copy(path.join(from, "_posts"), path.join(to, POSTS_FOLDER));
  if (existsSync(path.join(from, "_drafts")) || isSymlink(path.join(from, "_drafts"))) copy(path.join(from, "_drafts"), path.join(to, POSTS_FOLDER, "_drafts"));

  // Jekyll publishes every folder but `_`-folders (unless in `include:`) and what `exclude:` names.
  // The generator's own folders (src/, test/, layouts/ …) are never targets: their files would run or be published as ours.
  const include = new Set(jekyll.include);
  const exclude = new Set(jekyll.exclude.map((e) => e.replace(/\/$/, "")));
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const name = entry.name;
    if (!(entry.isDirectory() || entry.isSymbolicLink()) || name.startsWith(".") || NOT_STATIC.has(name) || exclude.has(name)) continue;
    if (name.startsWith("_") && !include.has(name)) continue;
    if (!isPlainFolder(name)) {
      skip(path.join(from, name), `a folder name this blog keeps for itself (${RESERVED_FOLDERS.join(", ")}); rename it in the Jekyll site and import again`);
      continue;
    }
    if (copy(path.join(from, name), path.join(to, name))) report.staticFolders.push(name);
  }
  // Markdown pages at the root (about.md) become pages (pages/about.md); HTML pages and the home
  // page are not imported (this blog makes its own home, tag, archive and search pages), nor are
  // loose files (CNAME, favicon.ico). The report names each, so nothing is lost unseen.
  for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = entry.name;
    if (!entry.isFile() || /^[._]/.test(name) || NOT_PUBLISHED.has(name) || exclude.has(name)) continue;
    const source = path.join(from, name);
    if (!isJekyllPage(source)) report.leftAtRoot.files.push(name);
    else if (!/\.(md|markdown)$/i.test(name) || /^(index|404)\./i.test(name)) {
      const stands = standIn(source);
      if (stands) report.madeHere.push(`${name} → ${stands}`);
      else report.leftAtRoot.pages.push(name);
    }
    else {
      const target = path.join(to, PAGES_FOLDER, name);
      if (existsSync(target)) report.kept.push(path.relative(to, target));
      else {
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(source, target, constants.COPYFILE_EXCL);
        report.copied.push(path.relative(to, target));
      }
      report.pages.push(name);
    }
  }

  const settings: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) if (typeof jekyll.config[key] === "string") settings[key] = jekyll.config[key];
  // Jekyll reads Markdown with kramdown unless its settings say otherwise.
  settings.markdown = typeof jekyll.config.markdown === "string" && jekyll.config.markdown.toLowerCase() !== "kramdown" ? "gfm" : "kramdown";
  // Its quotes and line numbers change the text.
  if (typeof jekyll.config.kramdown === "object" && jekyll.config.kramdown !== null) settings.kramdown = jekyll.config.kramdown;
  // Jekyll's own default (its `date` style, /:categories/:year/:month/:day/:title.html), not ours.
  settings.permalink ??= "date";
  const configFile = path.join(to, CONFIG_FILE);
  const folders = [...new Set(["images", ...report.staticFolders])].filter((f) => existsSync(path.join(to, f)));
  if (existsSync(configFile)) {
    for (const [key, value] of Object.entries(settings)) report.settingsNotWritten[key] = String(value);
    report.settingsNotWritten.static = `[${folders.join(", ")}]`;
  } else {
    writeFileSync(configFile, `# Imported from ${path.basename(path.resolve(from)).replace(/[\u0000-\u001f\u007f]/g, "?")}'s _config.yml by npm run import.\n${yaml.dump({ ...settings, static: folders })}`);
    report.copied.push(CONFIG_FILE);
  }

  let reporter = checkImport(to, report);
  // Posts that use Liquid beyond what is read without running it get it run, as Jekyll did, in a
  // sandbox: with the site's includes and data, and every other setting as `site.*`.
  if (reporter.diagnostics.some((d) => d.code === "liquid")) {
    report.liquid = true;
    for (const folder of [INCLUDES_FOLDER, DATA_FOLDER, ...collectionNames(jekyll.config).map((name) => `_${name}`)]) {
      if (existsSync(path.join(from, folder)) || isSymlink(path.join(from, folder))) copy(path.join(from, folder), path.join(to, folder));
    }
    if (report.copied.includes(CONFIG_FILE)) {
      const rest = Object.fromEntries(Object.entries(jekyll.config).filter(([key]) => !(key in settings) && !(key in defaultSiteConfig)));
      appendFileSync(configFile, `# The posts use Jekyll's Liquid: it runs, in a sandbox, with the Jekyll site's other settings as site.*.\nliquid: true\n${
        Object.keys(rest).length ? yaml.dump(rest) : ""}`);
      report.converted = new Map();
      reporter = checkImport(to, report);
    } else report.settingsNotWritten.liquid = "true";
  }
  // A blog that arrives with broken links or images builds the day it arrives (Jekyll built it):
  // they become warnings, each listed, for the author to fix.
  const broken = reporter.diagnostics.filter((d) => d.severity === "error" && BROKEN_REFERENCES.has(d.code));
  if (broken.length > 0) {
    if (report.copied.includes(CONFIG_FILE)) {
      appendFileSync(configFile, `# The Jekyll site had ${broken.length} broken link${broken.length === 1 ? "" : "s"} or image${broken.length === 1 ? "" : "s"}: warnings until they are fixed.\nbroken_links: warning\n`);
      report.converted = new Map();
      reporter = checkImport(to, report);
    } else report.settingsNotWritten.broken_links = "warning";
  }
  report.diagnostics = sortDiagnostics(reporter.diagnostics);
  return report;
}

/** What a broken link or image is reported as; `broken_links: warning` turns these into warnings. */
const BROKEN_REFERENCES = new Set(["link-missing", "image-missing", "post-url-missing", "image-unreadable"]);

/** Checks the imported blog as `npm run build` would; the report is kept whatever the check meets. */
function checkImport(to: string, report: ImportReport): Reporter {
  const reporter = createReporter();
  try {
    const blog = loadBlog(to, reporter, { converted: report.converted });
    report.posts = blog.posts.length + blog.unlisted.length;
  } catch (err) {
    // The copy is done: its report must not be lost to a check that stopped.
    reporter.error(".", 0, 0, "check-failed", `the imported blog could not be checked: ${describeFailure(err)}`);
  }
  return reporter;
}

/**
 * The page of ours that does what a Jekyll page does: the home page (`index.html`), the archive (a
 * page that lists `site.posts`), the tag index (one that lists `site.tags`), the 404.
 */
function standIn(file: string): string | undefined {
  const name = path.basename(file).toLowerCase();
  if (/^index\./.test(name)) return "the home page";
  if (/^404\./.test(name)) return "the 404 page";
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  const text = "bytes" in read ? read.bytes.toString("utf8") : "";
  if (/\{%-?\s*for\s+\w+\s+in\s+site\.tags/.test(text)) return `${SITE_PERMALINKS.tags} (the tag index)`;
  if (/\{%-?\s*for\s+\w+\s+in\s+(?:site\.posts|paginator\.posts)/.test(text)) return `${SITE_PERMALINKS.archive} (the archive, by year and month)`;
  return undefined;
}

/** Jekyll makes a page of a Markdown or HTML file that opens with front matter; the rest it copies. */
function isJekyllPage(file: string): boolean {
  return /\.(md|markdown|html?)$/i.test(file) && opensWithFrontMatter(file);
}

function readJekyllConfig(from: string): { config: Record<string, unknown>; include: string[]; exclude: string[] } {
  const file = path.join(from, "_config.yml");
  if (!existsSync(file) && !isSymlink(file)) return { config: {}, include: [], exclude: [] };
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!("bytes" in read)) throw new Error(`${file} was not read: ${read.message}`);
  let data: unknown;
  try {
    data = loadYaml(read.bytes.toString("utf8"), file);
  } catch (err) {
    throw new Error(`${file} is not valid YAML: ${err instanceof yaml.YAMLException ? err.message : String(err)}`);
  }
  const config = typeof data === "object" && data !== null && !Array.isArray(data) ? data as Record<string, unknown> : {};
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  return { config, include: list(config.include), exclude: list(config.exclude) };
}

/** Liquid shown as written: not run (`liquid` off), or a post whose Liquid could not run (a plugin's tag, a theme's include). */
const LIQUID_LEFT = new Set(["liquid", "liquid-tag", "liquid-include"]);

/** The report `npm run import` prints. */
export function formatImportReport(report: ImportReport): string[] {
  const lines: string[] = [];
  if (report.replacedSample.length) lines.push(`The untouched sample (${report.replacedSample.join(", ")}) was removed: the imported blog takes its place.`);
  lines.push(`Imported ${report.posts} posts; copied ${report.copied.length} files${report.kept.length ? `, kept ${report.kept.length} that were already here (not overwritten)` : ""}.`);
  if (report.staticFolders.length) lines.push(`Static folders: ${report.staticFolders.join(", ")}.`);
  const { pages, files } = report.leftAtRoot;
  if (report.pages.length) lines.push(`Pages imported into ${PAGES_FOLDER}/: ${report.pages.join(", ")}.`);
  if (report.madeHere.length) lines.push(`Pages this blog makes its own of: ${report.madeHere.join(", ")}.`);
  if (pages.length) lines.push(`Pages not imported (HTML pages and the home page: this blog makes its own home, tag and search pages; a page's text can become a page in ${PAGES_FOLDER}/): ${pages.join(", ")}.`);
  for (const { file, reason } of report.skipped) lines.push(`Not imported: ${file}: ${reason}.`);
  if (files.length) lines.push(`Files at the Jekyll site's root not imported (put what your host needs in a static folder or set it up there): ${files.join(", ")}.`);
  const notWritten = Object.entries(report.settingsNotWritten);
  if (notWritten.length) {
    lines.push(`${CONFIG_FILE} already exists and was not changed; to keep the Jekyll site's settings, set in it:`);
    for (const [key, value] of notWritten) lines.push(`  ${key}: ${value}`);
  }
  const converted = [...report.converted].sort((a, b) => b[1] - a[1]);
  lines.push(`Jekyll converted: ${converted.length ? converted.map(([what, n]) => `${what} ${n}`).join(", ") : "nothing"}.`);
  if (report.liquid) lines.push(`Liquid: the posts use it, so it runs (liquid: true), with the site's _includes/ and _data/.`);
  const left = new Map<string, number>();
  for (const d of report.diagnostics) {
    if (!LIQUID_LEFT.has(d.code)) continue;
    const construct = /^\{[%{]-?\s*([\w.]+)|^the Liquid tag "([^"]+)"/.exec(d.message)?.slice(1).find(Boolean) ?? "other";
    left.set(construct, (left.get(construct) ?? 0) + 1);
  }
  lines.push(`Liquid left as written: ${left.size ? [...left].map(([what, n]) => `${what} ${n}`).join(", ") : "none"}.`);
  const unresolved = report.diagnostics.filter((d) => BROKEN_REFERENCES.has(d.code));
  lines.push(`Links and images unresolved: ${unresolved.length}.`);
  for (const d of report.diagnostics) lines.push(formatDiagnostic(d));
  const errors = report.diagnostics.filter((d) => d.severity === "error").length;
  lines.push(errors ? `${errors} errors: fix them, then npm run build.` : "Ready: npm run build.");
  return lines;
}
