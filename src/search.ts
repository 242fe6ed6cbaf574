import { createHash } from "node:crypto";
import path from "node:path";
import type { Blog } from "./model.ts";
import { searchBundleFolder } from "./routes.ts";

/**
 * Pages per part of the search index. Pagefind holds a whole index in memory while it builds it
 * (1,392 MiB for 10,000 posts, measured), and has no way to update one: a blog past this size gets
 * an index in parts, each built alone and only when one of its pages changed, and the search page
 * searches them all at once (Pagefind UI's `mergeIndex`). Below it, one index, as before.
 */
export const SHARD_PAGES = 2_000;

/** How many parts a blog's search index has: by its posts and pages, which are what is indexed. */
export function searchShards(blog: Pick<Blog, "posts" | "pages">): number {
  return Math.max(1, Math.ceil((blog.posts.length + blog.pages.length) / SHARD_PAGES));
}

/** The part a page's index entry lives in: by a hash of its file, so it stays put as posts come and go. */
export function shardOf(file: string, shards: number): number {
  return shards === 1 ? 0 : createHash("sha256").update(file).digest().readUInt32BE(0) % shards;
}

/**
 * Builds the parts `todo` of the Pagefind index of a written site: part k from the files
 * `groups[k]` (paths from the output folder), into its own folder. Only post articles and the
 * author's pages are indexed (they carry `data-pagefind-body`): navigation, tag lists and the footer
 * are not.
 */
export async function indexSite(output: string, groups: string[][], todo: number[]): Promise<void> {
  // Imported here: a build whose indexed pages did not change never loads Pagefind.
  const { close, createIndex } = await import("pagefind");
  try {
    for (const shard of todo) {
      const { index, errors } = await createIndex({ forceLanguage: "pt" });
      if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
      const files = groups[shard] ?? [];
      // Pagefind reads and parses the files itself, on every core: the whole output for one index,
      // the part's files for a part (named in a glob; handing them over one at a time through its
      // Node API took 2.5 times as long).
      const added = await index.addDirectory(groups.length === 1 ? { path: output } : { path: output, glob: globOf(files) });
      if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join("; ")}`);
      if (groups.length > 1 && added.page_count !== files.length) {
        throw new Error(`Pagefind indexed ${added.page_count} of the ${files.length} pages of the search index's part ${shard + 1}`);
      }
      const written = await index.writeFiles({ outputPath: path.join(output, searchBundleFolder(shard)) });
      if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
      // Its memory goes, with its process, before the next part's is taken: one process building
      // the five parts of 10,000 posts in turn grew from 280 to 380 MiB (its threads' allocations
      // are not handed back); a process a part stays at 280 MiB, in the same time.
      await close();
    }
  } finally {
    await close();
  }
}

/**
 * A glob (Pagefind's, the wax crate's syntax) that names exactly these files: each one, its
 * metacharacters escaped, as one of a set of alternatives. Permalinks hold none of them (src/routes.ts,
 * PERMALINK); escaped all the same.
 */
function globOf(files: string[]): string {
  return `{${files.map((file) => file.replace(/[\\?*$:<>()[\]{},]/g, "\\$&")).join(",")}}`;
}
