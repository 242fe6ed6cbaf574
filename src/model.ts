import type { Card } from "./cards.ts";
import type { ImageInfo, ImageTable, ImageUse } from "./images.ts";
import type { PageMeta } from "./pagefiles.ts";
import type { PostMeta } from "./posts.ts";
import type { Urls } from "./routes.ts";
import type { SiteFile } from "./files.ts";
import type { SiteConfig } from "./site.ts";
import type { Tag } from "./tags.ts";

/** The blog as the layouts see it: what every stage before them produced. */

export interface PageLink {
  title: string;
  url: string;
}

/** A post ready for the layouts: every URL already carries the base path and is encoded. */
export interface Post extends PostMeta {
  url: string;
  html: string;
  /** Front matter `description` or `excerpt`, else the text before `<!--more-->`, else the first paragraph. */
  excerpt: string;
  readingMinutes: number;
  /** The table of contents to show above the text (HTML), or "" when it has none or placed its own. */
  toc: string;
  /** It shows a formula: its page loads KaTeX's stylesheet. */
  math: boolean;
  /** It has a mermaid diagram: its page loads mermaid's script, the only page script besides search. */
  diagrams: boolean;
  /** The post's headings, for its table of contents. */
  headings: { level: number; id: string; text: string }[];
  /** The post's picture for social networks: its front matter `image`, else its generated card (unless cards are off). */
  image?: string;
  /** The generated card's URL, when `image` is it. */
  card?: string;
  dateIso: string;
  dateText: string;
  tagLinks: PageLink[];
  older?: PageLink;
  newer?: PageLink;
  /** Up to three other posts sharing the most tags with it, newest first among equals. */
  related: PageLink[];
  /** Its series: the name, every part in order, and which one it is (0-based). */
  seriesBox?: { name: string; parts: PageLink[]; index: number };
}

/** A post's author as `_data/authors.yml` describes them (`ana: { name: Ana Souza, avatar: /images/ana.jpg }`). */
export interface Author {
  name: string;
  /** A site path or an https address. */
  avatar?: string;
  url?: string;
}

/** An author's page (`pages/sobre.md`): rendered as a post is, shown with no date, tags or pager. */
export interface SitePage extends PageMeta {
  url: string;
  html: string;
  toc: string;
  headings: { level: number; id: string; text: string }[];
  math: boolean;
  diagrams: boolean;
}

export interface TagPage {
  name: string;
  slug: string;
  permalink: string;
  url: string;
  posts: Post[];
}

export interface Blog extends Urls {
  config: SiteConfig;
  /** Newest first: the posts that lists (home, tags, feed, sitemap, search) show. */
  posts: Post[];
  /** Posts with `hidden: true`: each has its page, and no list shows it. */
  unlisted: Post[];
  /** By name, in Portuguese collation. */
  tags: TagPage[];
  /** The author's pages (`pages/`), by URL. */
  pages: SitePage[];
  /** What the author adds to every page: `_includes/head.html` and `_includes/footer.html`, and the logo with its size. */
  extras: { head: string; footer: string; logo?: { url: string; width?: number; height?: number }; authors: Record<string, Author> };
  /** Files copied as they are: images, and anything in posts/ that is not a post. */
  assets: SiteFile[];
  /** Images the published posts show, each once, with the table that sized them. */
  images: { table: ImageTable; uses: ImageUse[] };
  /** The social cards to draw: one per published post without an `image` of its own. */
  cards: Card[];
}


/** A post file as read: its Markdown, and its metadata when the front matter was valid. */
export interface Read {
  file: string;
  body: string;
  bodyLine: number;
  /** The front matter as parsed, for `{{ page.KEY }}`. */
  data: Record<string, unknown>;
  meta?: PostMeta;
}
export type Loaded = Read & { meta: PostMeta };

export interface Rendered {
  html: string;
  excerpt: string;
  words: number;
  headings: { level: number; id: string; text: string }[];
  toc: string;
  math: boolean;
  diagrams: boolean;
  /** The images it shows, with the size and versions it was rendered with. */
  imageUses: { use: ImageUse; info: ImageInfo | Error }[];
}

/** What the tags and related posts are made from, a post at a time: which post, with what tags where. */
export interface Shape {
  file: string;
  tags: readonly string[];
  at: readonly { line: number; column: number }[];
}

/** The published posts' tags; each post's tags (places in `tags`), in name order; and its related posts (places in the posts, newest first). */
export interface Structure {
  tags: Tag[];
  tagsOf: number[][];
  related: number[][];
}
