import path from "node:path";
import { close, createIndex } from "pagefind";
import { SEARCH_BUNDLE } from "./routes.ts";


/**
 * Builds the Pagefind index of a written site into `<output>/pagefind/`. Only post articles are
 * indexed (they carry `data-pagefind-body`): navigation, tag lists and the footer are not.
 */
export async function indexSite(output: string): Promise<number> {
  const { index, errors } = await createIndex({ forceLanguage: "pt" });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
  try {
    const added = await index.addDirectory({ path: output });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(output, SEARCH_BUNDLE) });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await close();
  }
}
