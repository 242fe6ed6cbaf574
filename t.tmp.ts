import { createBlogCache, loadBlog } from "./src/blog.ts";
import { createReporter } from "./src/diagnostics.ts";
import { diffPages, listPages, type Written } from "./src/pages.ts";
const cache = createBlogCache();
let written: Written = { config: "", pages: new Map() };
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  const blog = loadBlog(".bench/ours-10000", createReporter(), { cache, drafts: true });
  const t1 = performance.now();
  const d = diffPages(listPages(blog), written, JSON.stringify(blog.config)); written = d.next;
  const t2 = performance.now();
  if (i > 0) console.log(`load ${(t1 - t0).toFixed(0)} ms, pages+diff ${(t2 - t1).toFixed(0)} ms`);
}
