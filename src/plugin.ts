import { DATA_FOLDER, INCLUDES_FOLDER } from "./liquidjs.ts";
import { katexFonts } from "./markdown/math.ts";
import { mermaidFiles } from "./markdown/mermaid.ts";
import { copyFile, mkdir, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { loadBlog, patchBlog, watchedPaths } from "./blog.ts";
import { type BlogCache, createBlogCache } from "./cache.ts";
import { reusePages } from "./incremental.ts";
import { clearPlace, createLinker } from "./reuse.ts";
import { searchShards } from "./search.ts";
import type { Blog } from "./model.ts";
import { BuildError, createReporter, type Diagnostic, formatDiagnostic, sortDiagnostics } from "./diagnostics.ts";
import type { EleventyConfig } from "./eleventy.ts";
import { writeCards } from "./cards.ts";
import { writeImages } from "./images.ts";
import { checkAssetCollisions, checkPageCollisions, diffPages, listPages, type Page, patchPages, type Written } from "./pages.ts";
import { reloadStylesheet, siteStylesheet, STYLESHEET_FILE } from "../layouts/base.ts";
import { PAGES_FOLDER } from "./pagefiles.ts";
import { errorPage, guardRequestPath, type PreviewState } from "./preview.ts";
import { outputFile } from "./routes.ts";
import { CONFIG_FILE, type SiteConfig, type SiteOverrides } from "./site.ts";

export interface BlogPluginOptions {
  /** Where diagnostics are printed; tests pass their own. */
  log?: (line: string) => void;
  /** `--url` and `--pathprefix`: over `_config.yml` for this build. */
  overrides?: SiteOverrides;
  /** `--future`: publish posts dated after the build. */
  future?: boolean;
  /**
   * The site's folder. Eleventy's own input folder is an empty one (src/build.ts): Eleventy never
   * searches the site, so no file in it is ever run as a template or data file.
   */
  root?: string;
  /** Told the site's settings once they are read (the build then knows whether to precompress). */
  onConfig?: (config: SiteConfig) => void;
  /**
   * `npm run build`'s cache (src/cache.ts) and the last build's output: unchanged posts are not
   * rendered again, unchanged pages and copied files are linked from `previous`, not written.
   */
  cache?: BlogCache;
  previous?: string;
  /**
   * The output's folders that are there already (src/build.ts, claimSpare): files go in without a
   * mkdir, and a folder where a file must go is removed first.
   */
  folders?: Set<string>;
}

// The settings of one run travel on the Eleventy config object itself: the command line hands them
// to Eleventy's constructor (its `config` callback runs before .eleventy.ts adds this plugin), and a
// global symbol reaches the plugin even when it was loaded as another module instance (tests).
const SETTINGS = Symbol.for("blog.pluginOptions");

/** For `new Eleventy(…, { config })`: this run's settings, read by blogPlugin over its own options. */
export function withPluginOptions(options: BlogPluginOptions): (eleventyConfig: EleventyConfig) => void {
  return (eleventyConfig) => {
    (eleventyConfig as unknown as Record<symbol, BlogPluginOptions>)[SETTINGS] = options;
  };
}

function runOptions(eleventyConfig: EleventyConfig): BlogPluginOptions {
  return (eleventyConfig as unknown as Record<symbol, BlogPluginOptions | undefined>)[SETTINGS] ?? {};
}

/** Returns the path if it lies inside the output folder; throws otherwise. Nothing is written outside it. */
export function assertInside(outputDir: string, file: string): string {
  const relative = path.relative(path.resolve(outputDir), path.resolve(file));
  if (relative === "" || relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new Error(`refusing to write ${file}: it is outside the output folder ${outputDir}`);
  }
  return file;
}

/**
 * Posts are read, checked and rendered by our own pipeline (src/blog.ts) before Eleventy writes
 * anything; Eleventy then writes every page (src/pages.ts) from one paginated virtual template.
 * Eleventy never sees a post as a template: no Liquid pass, no data cascade per post, no
 * filename-date guessing.
 */
export function blogPlugin(eleventyConfig: EleventyConfig, pluginOptions: BlogPluginOptions = {}): void {
  const options = { ...pluginOptions, ...runOptions(eleventyConfig) };
  const log = options.log ?? ((line: string) => console.error(line));
  const root = options.root ?? eleventyConfig.directories.input;
  let blog: Blog | undefined;
  let pages: Page[] = [];
  // Kept between rebuilds of the live preview only.
  const cache = createBlogCache();
  let written: Written = { config: "", pages: new Map() };
  const cardsOnDisk = new Set<string>();

  eleventyConfig.ignores.add("_site*/**");
  // No file of the site is an Eleventy template or data file: those are JavaScript, and the site's
  // files are content (an imported folder could hold a `*.11ty.js`, `_data/` a `.cjs`). The only
  // templates are the plugin's virtual ones; Eleventy's data folder is one no site has.
  // (Ignores are globbed from the working folder, so the site's is written out.)
  eleventyConfig.ignores.add(`${path.resolve(root)}/**/*.11ty.*`);
  // Eleventy waits until a changed file has been still for 150 ms; editors write a post in one go,
  // and that wait was half of a one-post rebuild of a 4,000-post blog.
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 } });
  // With `liquid: true`, a post's text also comes from the includes and the data. (posts/, with
  // thousands of files, is watched by the preview itself: src/build.ts, serve.)
  for (const target of [PAGES_FOLDER, "images", CONFIG_FILE, INCLUDES_FOLDER, DATA_FOLDER]) eleventyConfig.addWatchTarget(path.join(root, target));
  // The preview rebuilds when our stylesheet is edited too (a layout's code needs a restart).
  eleventyConfig.addWatchTarget(STYLESHEET_FILE);
  const preview: PreviewState = {};
  eleventyConfig.setServerOptions({ middleware: [guardRequestPath, errorPage(preview)] });

  // The files the watcher saw change since the last rebuild.
  let watched: string[] | undefined;
  eleventyConfig.on("eleventy.beforeWatch", (files) => {
    watched = files;
  });
  // The live preview's last rebuild, while it succeeded: the blog, every page of it, and every diagnostic it printed.
  let patchable: Blog | undefined;
  let listed: Page[] = [];
  let printed: Diagnostic[] = [];

  eleventyConfig.on("eleventy.before", async (event) => {
    try {
      await before(event);
      preview.failed = undefined;
    } catch (err) {
      // The preview's pages show what stopped the build until it is fixed (src/preview.ts), and
      // only a whole rebuild can tell it is.
      patchable = undefined;
      if (err instanceof BuildError) preview.failed = err.diagnostics;
      throw err;
    }
  });
  const before = async ({ runMode, directories }: { runMode: string; directories: { output: string } }) => {
    const reporter = createReporter();
    const watching = runMode !== "build";
    if (watching) reloadStylesheet();
    // An edit to what posts show of themselves (src/blog.ts, patchBlog): those posts are patched,
    // and the pages that show them written.
    const edited = watched;
    watched = undefined;
    const patch = watching && patchable && edited ? patchBlog(root, patchable, edited, cache) : undefined;
    if (patch) {
      const made = createReporter();
      await writeCards(patch.cards, path.resolve(directories.output), made, { prune: false, known: cardsOnDisk });
      // A new title is a new card (a card that cannot be drawn is an error: the next rebuild loads the whole blog).
      printed = [...printed.filter((d) => !patch.stale(d)), ...patch.fresh, ...made.diagnostics];
      for (const d of sortDiagnostics(printed)) log(formatDiagnostic(d));
      if (made.hasErrors()) throw new BuildError(made.diagnostics);
      pages = patchPages(patch.posts, listed, written);
      return;
    }
    const loaded = loadBlog(root, reporter, watching
      ? { cache, drafts: true, changed: edited && new Set(edited.flatMap((file) => watchedPaths(root, file))), overrides: options.overrides }
      : { cache: options.cache, future: options.future, overrides: options.overrides });
    for (const d of sortDiagnostics(reporter.diagnostics)) log(formatDiagnostic(d));
    if (reporter.hasErrors()) throw new BuildError(reporter.diagnostics);
    blog = loaded;
    options.onConfig?.(loaded.config);
    // Image versions and social cards are made before any page is rendered: their memory is
    // freed before Eleventy's pages take theirs, and a failure stops the build before it writes.
    // The live preview keeps the ones no post uses now: an undo would otherwise make them again.
    const output = path.resolve(directories.output);
    const prune = !watching;
    const made = createReporter();
    await writeImages(loaded.images.table, loaded.images.uses, output, made, { prune });
    await writeCards(loaded.cards, output, made, { prune, known: watching ? cardsOnDisk : undefined });
    for (const d of sortDiagnostics(made.diagnostics)) log(formatDiagnostic(d));
    if (made.hasErrors()) throw new BuildError(made.diagnostics);
    pages = listed = listPages(loaded);
    const placed = createReporter();
    checkAssetCollisions(loaded, pages, placed);
    checkPageCollisions(loaded, pages, placed);
    for (const d of sortDiagnostics(placed.diagnostics)) log(formatDiagnostic(d));
    if (placed.hasErrors()) throw new BuildError(placed.diagnostics);
    if (!watching && options.cache?.build && options.previous) pages = reusePages(pages, options.cache.build, options.previous, output, searchShards(loaded), options.folders);
    // Eleventy now holds every page it renders until it has written the last, the build's memory
    // peak. What loading the blog left (parsed Markdown, the pieces of each render) is collected
    // first, so that V8 sizes its heap by what is live: without it, two of ten cold 10,000-post
    // builds peaked at 728 and 788 MiB, the others at 624–641, by how far the heap had grown since
    // its last collection. Only when every page is rendered (a first build, a new setting): after
    // an edit at 10,000 posts it took 128 ms to free 14 MB. Only a build run with --expose-gc, as
    // `npm run build` is, has gc().
    if (!watching && pages.length === listed.length) (globalThis as { gc?: () => void }).gc?.();
    if (watching) {
      // Write only what changed; remove the pages of posts that are gone.
      // A new stylesheet is a new file name in every page's <link>: every page is written again.
      const { changed: dirty, removed, next } = diffPages(pages, written, JSON.stringify(loaded.config) + siteStylesheet(loaded.config.accent).permalink, loaded);
      pages = dirty;
      written = next;
      printed = [...reporter.diagnostics, ...made.diagnostics, ...placed.diagnostics];
      patchable = loaded;
      await Promise.all(removed.map((permalink) => removePage(eleventyConfig.directories.output, permalink)));
    }
  };
  const current = (): Blog => {
    if (!blog) throw new Error("the blog is read in eleventy.before; no page can render before it");
    return blog;
  };
  eleventyConfig.addGlobalData("blogPages", () => pages);

  eleventyConfig.addTemplate("blog-pages.11ty.js", {
    data: {
      pagination: { data: "blogPages", size: 1, alias: "entry", addAllPagesToCollections: false },
      permalink: (data: { entry: Page }) => data.entry.permalink,
      eleventyExcludeFromCollections: true,
    },
    render: (data) => (data.entry as Page).render(),
  });

  // Our permalinks are already checked; this is the last line of defence, on the paths Eleventy computed.
  eleventyConfig.addTransform("blog-contained", function (this: { page: { outputPath: string | false } }, content: string) {
    const { outputPath } = this.page;
    if (outputPath) assertInside(eleventyConfig.directories.output, outputPath);
    return content;
  });

  eleventyConfig.on("eleventy.after", async ({ directories, runMode }) => {
    const blog = current();
    const output = path.resolve(directories.output);
    // KaTeX's fonts, beside its stylesheet, when a page shows a formula.
    const posts = [...blog.posts, ...blog.unlisted];
    const fonts = [...posts.some((p) => p.math) ? katexFonts() : [], ...posts.some((p) => p.diagrams) ? mermaidFiles() : []];
    const copies = [
      ...blog.assets.map((asset) => ({ source: path.join(root, asset.source), target: path.join(output, asset.path) })),
      ...fonts.map((font) => ({ source: font.from, target: path.join(output, font.permalink) })),
    ];
    const previous = runMode === "build" ? options.previous : undefined;
    const folders = runMode === "build" ? options.folders : undefined;
    const link = createLinker(folders);
    await Promise.all(copies.map(async ({ source, target: to }) => {
      const target = assertInside(output, to);
      clearPlace(folders, target);
      if (runMode !== "build" && (await isCopyOf(target, source))) return;
      // A build links the last build's copy when the file has not changed since.
      const last = previous && path.join(previous, path.relative(output, target));
      if (last && (await isCopyOf(last, source)) && link(last, target)) return;
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(source, target);
    }));
  });
}

/** The live preview's answer to a deleted post: its page goes too, and the folders left empty. */
async function removePage(outputDir: string, permalink: string): Promise<void> {
  const output = path.resolve(outputDir);
  const file = assertInside(output, path.join(output, outputFile(permalink)));
  await rm(file, { force: true });
  for (let dir = path.dirname(file); dir !== output && dir.startsWith(output); dir = path.dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      break;
    }
  }
}

async function isCopyOf(target: string, source: string): Promise<boolean> {
  try {
    const [t, s] = await Promise.all([stat(target), stat(source)]);
    return t.size === s.size && t.mtimeMs >= s.mtimeMs;
  } catch {
    return false;
  }
}
