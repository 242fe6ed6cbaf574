import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { postPage } from "../layouts/post.ts";
import { homePage, tagIndexPage, tagPage } from "../layouts/lists.ts";
import { type Blog, loadBlog, POSTS_FOLDER } from "./blog.ts";
import { BuildError, createReporter, formatDiagnostic, sortDiagnostics } from "./diagnostics.ts";
import type { EleventyConfig } from "./eleventy.ts";
import { CONFIG_FILE } from "./site.ts";

export interface BlogPluginOptions {
  /** Where diagnostics are printed; tests pass their own. */
  log?: (line: string) => void;
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
 * anything; Eleventy then writes one page per post, per tag, the tag index and the home page from
 * four paginated virtual templates. Eleventy never sees a post as a template: no Liquid pass, no
 * data cascade per post, no filename-date guessing.
 */
export function blogPlugin(eleventyConfig: EleventyConfig, options: BlogPluginOptions = {}): void {
  const log = options.log ?? ((line: string) => console.error(line));
  const root = eleventyConfig.directories.input;
  let blog: Blog | undefined;

  eleventyConfig.ignores.add("_site*/**");
  for (const target of [POSTS_FOLDER, "images", CONFIG_FILE]) eleventyConfig.addWatchTarget(path.join(root, target));

  eleventyConfig.on("eleventy.before", () => {
    const reporter = createReporter();
    const loaded = loadBlog(root, reporter);
    for (const d of sortDiagnostics(reporter.diagnostics)) log(formatDiagnostic(d));
    if (reporter.hasErrors()) throw new BuildError(reporter.diagnostics);
    blog = loaded;
  });
  const current = (): Blog => {
    if (!blog) throw new Error("the blog is read in eleventy.before; no page can render before it");
    return blog;
  };
  eleventyConfig.addGlobalData("blog", () => blog);

  eleventyConfig.addTemplate("blog-post.11ty.js", {
    data: {
      pagination: { data: "blog.posts", size: 1, alias: "post", addAllPagesToCollections: false },
      permalink: (data: { post: { permalink: string } }) => data.post.permalink,
      eleventyExcludeFromCollections: true,
    },
    render: (data) => postPage(current(), data.post as Blog["posts"][number]),
  });
  eleventyConfig.addTemplate("blog-tag.11ty.js", {
    data: {
      pagination: { data: "blog.tags", size: 1, alias: "tag" },
      permalink: (data: { tag: { permalink: string } }) => data.tag.permalink,
      eleventyExcludeFromCollections: true,
    },
    render: (data) => tagPage(current(), data.tag as Blog["tags"][number]),
  });
  eleventyConfig.addTemplate("blog-tags.11ty.js", {
    data: { permalink: "/tags/", eleventyExcludeFromCollections: true },
    render: () => tagIndexPage(current()),
  });
  eleventyConfig.addTemplate("blog-home.11ty.js", {
    data: { permalink: "/", eleventyExcludeFromCollections: true },
    render: () => homePage(current()),
  });

  // Our permalinks are already checked; this is the last line of defence, on the paths Eleventy computed.
  eleventyConfig.addTransform("blog-contained", function (this: { page: { outputPath: string | false } }, content: string) {
    const { outputPath } = this.page;
    if (outputPath) assertInside(eleventyConfig.directories.output, outputPath);
    return content;
  });

  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const { assets } = current();
    const output = path.resolve(directories.output);
    await Promise.all(assets.map(async (asset) => {
      const target = assertInside(output, path.join(output, asset.path));
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(path.join(root, asset.source), target);
    }));
  });
}
