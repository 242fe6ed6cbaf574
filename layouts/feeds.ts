import { rewriteUrlAttributes } from "../src/attributes.ts";
import type { Blog, Post, TagPage } from "../src/model.ts";
import { escapeHtml } from "../src/escape.ts";
import { labelsFor } from "../src/labels.ts";
import { SITE_PERMALINKS, tagFeedPermalink } from "../src/routes.ts";

/** Entries in the feed, newest first (jekyll-feed keeps 10; a reader catching up gets a few more). */
export const FEED_ENTRIES = 20;

// A post is in the site's feed and in each of its tags' feeds: its HTML is rewritten once, while it
// is the same (the live preview updates an edited post's HTML in place: src/blog.ts, patchBlog).
const absolute = new WeakMap<Post, { from: string; html: string }>();

/** A post's HTML with every site URL made absolute: feed readers have no page to resolve against. */
export function absoluteHtml(blog: Blog, post: Post): string {
  let done = absolute.get(post);
  if (done?.from !== post.html) {
    const html = rewriteUrlAttributes(post.html, (_name, value) => {
      if (value.startsWith("#")) return blog.absolute(post.url) + value;
      if (value.startsWith("/") && !value.startsWith("//")) return blog.absolute(value);
      return undefined;
    });
    absolute.set(post, (done = { from: post.html, html }));
  }
  return done.html;
}

/**
 * Atom (RFC 4287) at /feed.xml, jekyll-feed's path, or a tag's at /tags/<slug>/feed.xml. Every value
 * is escaped; content is HTML as text.
 */
export function atomFeed(blog: Blog, tag?: TagPage): string {
  const { config } = blog;
  const posts = (tag?.posts ?? blog.posts).slice(0, FEED_ENTRIES);
  const self = blog.absolute(blog.url(tag ? tagFeedPermalink(tag.slug) : SITE_PERMALINKS.feed));
  const home = blog.absolute(tag ? tag.url : blog.url("/"));
  const updated = (posts[0]?.date ?? new Date(0)).toISOString();
  const x = escapeHtml;
  const entries = posts.map((post) => `  <entry>
    <title type="text">${x(post.title)}</title>
    <link rel="alternate" type="text/html" href="${x(blog.absolute(post.url))}"/>
    <id>${x(blog.absolute(post.url))}</id>
    <published>${post.date.toISOString()}</published>
    <updated>${post.date.toISOString()}</updated>
${post.tags.map((tag) => `    <category term="${x(tag)}"/>\n`).join("")}${post.excerpt ? `    <summary type="text">${x(post.excerpt)}</summary>\n` : ""}    <content type="html" xml:base="${x(blog.absolute(post.url))}">${x(absoluteHtml(blog, post))}</content>
  </entry>
`);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(config.lang)}">
  <title type="text">${x(tag ? `${config.title}: ${labelsFor(config.lang).tagTitle(tag.name)}` : config.title)}</title>
${config.description ? `  <subtitle type="text">${x(config.description)}</subtitle>\n` : ""}  <link rel="self" type="application/atom+xml" href="${x(self)}"/>
  <link rel="alternate" type="text/html" href="${x(home)}"/>
  <id>${x(tag ? self : home)}</id>
  <updated>${updated}</updated>
  <author><name>${x(config.author || config.title)}</name></author>
${entries.join("")}</feed>
`;
}

/** Every page a search engine should know: posts, tag pages, the tag index and the home pages. */
export function sitemap(blog: Blog, urls: string[]): string {
  const x = escapeHtml;
  const lastmod = new Map(blog.posts.map((p) => [p.url, p.dateIso]));
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((url) => `  <url><loc>${x(blog.absolute(url))}</loc>${lastmod.has(url) ? `<lastmod>${lastmod.get(url)}</lastmod>` : ""}</url>\n`).join("")}</urlset>
`;
}

export function robots(blog: Blog): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${blog.absolute(blog.url(SITE_PERMALINKS.sitemap))}\n`;
}
