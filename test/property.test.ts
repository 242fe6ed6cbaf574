import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import yaml from "js-yaml";
import { expect, test } from "vitest";
import { loadBlog } from "../src/blog.ts";
import { createReporter } from "../src/diagnostics.ts";
import { assertInside } from "../src/plugin.ts";
import { temporarySite } from "./helpers/site.ts";

// Pieces that stress the parsers: Markdown and YAML syntax, Jekyll-isms, odd Unicode.
const piece = fc.constantFrom(
  "[", "]", "(", ")", "![", "](", "][", "[1]", "[1]: ", "outro.md", "../images/nodes.png", "#", "## ", "- ", "> ", "*", "_",
  "`", "```", "\n", "\n\n", "    ", "<a href=\"", "\">", "<img src=", "javascript:", "{{ x }}", "{% raw %}", "---", ": ", "\"",
  "'", "ção", "\u0301", "\ufeff", "\r\n", "\t", "|", "|---|", "&amp;", "<!--", "-->", "\\", "%", "?", "..", "/",
  // The Jekyll pass and kramdown: tags it converts, half-written ones, and attribute lists.
  "{% post_url 2024-1-31-a %}", "{% post_url nada %}", "{% link posts/2024-1-31-a.md %}", "{% highlight bash linenos %}",
  "{% endhighlight %}", "{% endraw %}", "{% include x.html %}", "{{ site.baseurl }}", "{{ page.title }}", "{%", "%}",
  "{: .x}", "{:#y}", "{#z}", "{:toc}", "* TOC", "<!--more-->", "##T",
);
const markdown = fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((parts) => parts.join(""));
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }), fc.constantFrom("2024-02-30", "2024-1-1", "../../x/", "/ok/"));
const frontMatter = fc.dictionary(fc.constantFrom("title", "tags", "date", "permalink", "slug", "layout", "categories", "category",
  "tittle", "redirect_from", "hidden", "lang", "image", "excerpt_separator"), value);
const post = fc.record({
  name: fc.constantFrom("2024-1-31-a.md", "2022-13-45-b.md", "2024-2-1-ação.md", "sem-data.md", "sub/2024-3-1-c.md", "2024-1-1-o que? #1.md"),
  head: fc.oneof(frontMatter.map((data) => `---\n${yaml.dump(data)}---\n`), fc.constantFrom("", "---\n", "---js\n{}\n---\n", "---\n: :\n---\n")),
  body: markdown,
});

test("no input makes the build throw; every problem is a diagnostic with a place", () => {
  const root = temporarySite("blog-prop-");
  fc.assert(fc.property(fc.array(post, { minLength: 1, maxLength: 4 }), (posts) => {
    rmSync(path.join(root, "posts"), { recursive: true, force: true });
    mkdirSync(path.join(root, "posts/sub"), { recursive: true });
    for (const { name, head, body } of posts) writeFileSync(path.join(root, "posts", name), head + body);
    const reporter = createReporter();
    const blog = loadBlog(root, reporter);
    for (const d of reporter.diagnostics) {
      expect(d.file === "_config.yml" || d.file.startsWith("posts/")).toBe(true);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(20);
    }
    for (const p of blog.posts) expect(p.permalink.split("/")).not.toContain("..");
  }), { numRuns: 300, seed: 20261126 });
});

test.each([
  ["_site", "_site/2024/01/31/x/index.html", true],
  ["_site", "_site/../x/index.html", false],
  ["_site", "/etc/passwd", false],
  ["_site", "_site", false],
  ["_site", "_site/..x/index.html", true],
])("assertInside(%s, %s) → %s", (output, file, inside) => {
  if (inside) expect(assertInside(output, file)).toBe(file);
  else expect(() => assertInside(output, file)).toThrow(/outside the output folder/);
});
