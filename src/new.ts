import { writeFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { createDateFormat } from "./dates.ts";
import { createReporter, quoteValue } from "./diagnostics.ts";
import { encodePath, expandPermalink } from "./routes.ts";
import { loadSiteConfig } from "./site.ts";
import { toSlug } from "./slugs.ts";

export interface NewPost {
  /** Site-relative path of the file written. */
  file: string;
  /** The URL the post will have, with the base path. */
  url: string;
}

/**
 * Writes `posts/YYYY-M-D-slug.md` (today in the site's time zone, as the author names files) with
 * front matter ready to fill. Never overwrites a file.
 */
export function newPost(root: string, title: string, tags: string, now = new Date()): NewPost {
  const slug = shortenSlug(toSlug(title));
  if (slug === "") throw new Error(`the title ${quoteValue(title)} has no letters or digits to make a file name from; give it a title with words`);
  const config = loadSiteConfig(root, createReporter());
  const day = createDateFormat(config.timezone, config.lang).day(now);
  const file = `posts/${day.year}-${day.month}-${day.day}-${slug}.md`;
  const frontMatter = yaml.dump({ layout: "post", title, tags: tags.trim().split(/\s+/).filter(Boolean).join(" ") }, { lineWidth: -1 });
  try {
    writeFileSync(path.join(root, file), `---\n${frontMatter}---\nEscreva aqui o primeiro parágrafo: ele é o resumo do post na página inicial.\n`, { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new Error(`${file} already exists; choose another title, or edit that file`);
    throw err;
  }
  const permalink = expandPermalink(config.permalink, { day, date: now, slug, categories: [] });
  return { file, url: config.baseurl + encodePath(typeof permalink === "string" ? permalink : `/${slug}/`) };
}

/** A slug short enough for a file name and a URL (file systems stop at 255 bytes), cut between words. */
export const MAX_SLUG = 80;

function shortenSlug(slug: string): string {
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG + 1);
  const end = cut.lastIndexOf("-");
  return end > 0 ? cut.slice(0, end) : slug.slice(0, MAX_SLUG);
}
