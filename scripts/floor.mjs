// The floor: what a static blog build costs with no framework at all. Plain Node, no TypeScript
// runner: read each post, gray-matter, markdown-it, write the post, tag and home pages.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import yaml from "js-yaml";
import MarkdownIt from "markdown-it";

const [root, out] = process.argv.slice(2);
const md = new MarkdownIt("default", { html: true });
const engines = { yaml: (s) => yaml.load(s) };
const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`;
const write = (url, html) => {
  const dir = path.join(out, url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "index.html"), html);
};

rmSync(out, { recursive: true, force: true });
const tags = new Map();
const posts = [];
for (const name of readdirSync(path.join(root, "posts"))) {
  const { data, content } = matter(readFileSync(path.join(root, "posts", name), "utf8"), { engines });
  const [, y, m, d, slug] = /^(\d+)-(\d+)-(\d+)-(.+)\.md$/.exec(name);
  const url = `/${y}/${m.padStart(2, "0")}/${d.padStart(2, "0")}/${slug}/`;
  const post = { title: data.title, url };
  posts.push(post);
  for (const tag of String(data.tags ?? "").split(/\s+/).filter(Boolean)) (tags.get(tag) ?? tags.set(tag, []).get(tag)).push(post);
  write(url, page(data.title, `<h1>${escape(data.title)}</h1>${md.render(content)}`));
}
const list = (items) => `<ul>${items.map((p) => `<li><a href="${p.url}">${escape(p.title)}</a></li>`).join("")}</ul>`;
for (const [tag, items] of tags) write(`/tags/${tag}/`, page(tag, list(items)));
write("/", page("Blog", list(posts)));
