import type { BlogCache } from "./cache.ts";
import { createBlogCache } from "./cache.ts";
import { createDateFormat } from "./dates.ts";
import type { Reporter } from "./diagnostics.ts";
import { createImageTable, type ImageUse } from "./images.ts";
import { collectionNames, createLiquid, readLiquidFiles } from "./liquidjs.ts";
import { addTarget } from "./linkindex.ts";
import type { Blog, SitePage } from "./model.ts";
import { readPages } from "./pagefiles.ts";
import { choosePublished, createLinkTable, type PublishOptions, publishPosts } from "./publish.ts";
import { readSite } from "./read.ts";
import { createRenderer } from "./render.ts";
import { createUrls } from "./routes.ts";
import { loadSiteConfig, type SiteOverrides } from "./site.ts";

export interface LoadOptions extends PublishOptions {
  /** The live preview's cache; without one, everything is read and rendered afresh. */
  cache?: BlogCache;
  /**
   * Absolute paths the watcher saw change since the last build. With a cache, other posts are
   * taken from it without even a stat; without this set, every post is stat'ed.
   */
  changed?: ReadonlySet<string>;
  /** Filled with counts of the Jekyll constructs converted (src/liquid.ts), for `npm run import`. */
  converted?: Map<string, number>;
  /** The command line's `--url` and `--pathprefix`, over `_config.yml`. */
  overrides?: SiteOverrides;
}

/**
 * The blog, from its files to what the layouts show, in named stages (docs/architecture.md): each
 * post is read and parsed once, and every lookup (files, URLs, tags) is a table built once per build.
 */
export function loadBlog(root: string, reporter: Reporter, options: LoadOptions = {}): Blog {
  const { cache, changed, converted } = options;
  const config = loadSiteConfig(root, reporter, options.overrides);
  const settings = JSON.stringify(config);
  if (cache && cache.config !== settings) Object.assign(cache, createBlogCache(), { config: settings });
  const dates = createDateFormat(config.timezone, config.lang);
  const urls = createUrls(config);

  const site = readSite(root, config, dates, reporter, { cache, changed });
  const authored = readPages(root, reporter, { pretty: config.permalink.endsWith("/") });
  site.assets.push(...authored.assets);
  const publication = choosePublished(site.posts, options, reporter);
  const links = createLinkTable(config, site, publication, options);
  for (const { file, page } of authored.pages) addTarget(links, file, { kind: "page", url: page.permalink });
  const images = cache ? (cache.images ??= createImageTable(root, config.baseurl)) : createImageTable(root, config.baseurl);
  images.generation++;

  const liquid = config.liquid
    ? createLiquid({ config, files: readLiquidFiles(root, reporter, collectionNames(config.jekyll)), posts: publication.kept, links, root })
    : undefined;
  const render = createRenderer(config, links, images, reporter, { cache, converted, liquid });
  // What is not published is still rendered, so that its mistakes are reported too.
  for (const post of [...site.unpublished, ...publication.posts.filter((l) => publication.losers.has(l.meta))]) render(post);
  const rendered = publication.kept.map(render);
  const { posts, unlisted, tags, cards } = publishPosts(config, urls, dates, publication.kept, rendered, links, reporter, cache);

  // The author's pages: rendered as posts are (links, images, Liquid), shown without date or tags.
  const renderedPages = authored.pages.map(render);
  const pages = authored.pages.map(({ page }, i): SitePage => {
    const { html, toc, headings, math, diagrams } = renderedPages[i]!;
    return { ...page, url: urls.url(page.permalink), html, toc, headings, math, diagrams };
  }).sort((a, b) => (a.permalink < b.permalink ? -1 : 1));

  const uses = new Map<string, ImageUse>();
  for (const { imageUses } of [...rendered, ...renderedPages]) for (const { use } of imageUses) if (!uses.has(use.source)) uses.set(use.source, use);
  return { config, posts, unlisted, tags, pages, assets: site.assets, images: { table: images, uses: [...uses.values()] }, cards, ...urls };
}
