import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
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
      if (groups.length === 1) {
        // One index: Pagefind reads the output itself (indexing only what carries data-pagefind-body).
        const added = await index.addDirectory({ path: output });
        if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join("; ")}`);
      } else {
        // One file at a time, in order, so that a part is the same whichever build made it; the
        // next file is read while Pagefind parses this one.
        let next = files[0] === undefined ? undefined : readFile(path.join(output, files[0]), "utf8");
        for (let i = 0; i < files.length; i++) {
          const content = await next!;
          next = files[i + 1] === undefined ? undefined : readFile(path.join(output, files[i + 1]!), "utf8");
          const added = await index.addHTMLFile({ sourcePath: files[i]!, content });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index ${files[i]}: ${added.errors.join("; ")}`);
        }
      }
      const written = await index.writeFiles({ outputPath: path.join(output, searchBundleFolder(shard)) });
      if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
      // Its memory goes before the next part's is taken.
      await index.deleteIndex();
    }
  } finally {
    await close();
  }
}
