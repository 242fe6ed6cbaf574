import { loadBlog } from "./blog.ts";
import type { Reporter } from "./diagnostics.ts";
import { describeFailure } from "./failure.ts";
import { checkAssetCollisions, checkPageCollisions, listPages } from "./pages.ts";

/**
 * Every check the build makes, without writing anything (`npm run check`). Whatever stops it is
 * still one diagnostic, so that `--format json` always prints JSON.
 */
export function checkSite(root: string, reporter: Reporter): void {
  try {
    const blog = loadBlog(root, reporter, { drafts: true });
    const pages = listPages(blog);
    checkAssetCollisions(blog, pages, reporter);
    checkPageCollisions(blog, pages, reporter);
  } catch (err) {
    reporter.error(".", 0, 0, "check-failed", `the check stopped: ${describeFailure(err)}`);
  }
}
