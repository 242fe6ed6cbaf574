import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { generateCorpus, writeJekyllSite } from "../scripts/corpus.ts";
import { loadBlog, patchBlog } from "../src/blog.ts";
import { createBlogCache } from "../src/cache.ts";
import { createReporter, type Diagnostic, formatDiagnostic, sortDiagnostics } from "../src/diagnostics.ts";
import { diffPages, listPages, type Page, patchPages, type Written } from "../src/pages.ts";
import { temporarySite } from "./helpers/site.ts";

// The live preview writes only the pages whose inputs changed (diffPages). After each real edit,
// every page whose HTML differs from the last rebuild's must be among them, and a page that is
// gone must be removed; an edit that touches one post must not rewrite the whole site.

const [LATER, MORE, CASED] = ["posts/2030-1-2-depois.md", "posts/2030-1-3-mais.md", "posts/2030-1-4-caixa.md"];

const edit = (root: string, file: string, change: (text: string) => string) =>
  writeFileSync(path.join(root, file), change(readFileSync(path.join(root, file), "utf8")));

test("after each kind of edit the preview writes every page whose HTML changed, and few others", () => {
  const root = temporarySite();
  const corpus = generateCorpus(40);
  writeJekyllSite(root, corpus, path.resolve("images/nodes.png"));
  const [a, b, c, d, e] = [5, 12, 20, 33, 39].map((i) => corpus[i]!.file);
  const edits: [string, () => void, number][] = [
    // [what, the edit, at most this many pages written (the archive and the sitemap show no excerpt
    // and no reading time: the first two edits rewrite neither)]
    ["a sentence at the end of a post", () => edit(root, a!, (t) => `${t}\nUma frase no fim.\n`), 4],
    ["the first paragraph (the excerpt)", () => edit(root, a!, (t) => t.replace(/\n---\n/, "\n---\nUm novo começo.\n\n")), 6],
    ["many more words (the reading time)", () => edit(root, b!, (t) => `${t}\n${"palavra ".repeat(3000)}\n`), 12],
    ["a title", () => edit(root, c!, (t) => t.replace(/^title: .*$/m, "title: Um título novo")), 24],
    ["the tags", () => edit(root, c!, (t) => t.replace(/^tags: .*$/m, "tags: aws uma-tag-nova")), 30],
    ["the date (the order of the posts)", () => edit(root, d!, (t) => t.replace(/^title:/m, "date: 2013-01-01\ntitle:")), 30],
    ["draft: true", () => edit(root, e!, (t) => t.replace(/^title:/m, "draft: true\ntitle:")), 30],
    ["a new post", () => writeFileSync(path.join(root, "posts/2030-1-1-novo.md"), "---\ntitle: Novo\ntags: aws redes\n---\nUm post novo.\n"), 30],
    ["a deleted post", () => rmSync(path.join(root, b!)), 40],
  ];

  const cache = createBlogCache();
  const build = () => {
    const blog = loadBlog(root, createReporter(), { cache, drafts: true });
    return { blog, pages: listPages(blog) };
  };
  let { blog, pages } = build();
  let written: Written = diffPages(pages, { config: "", pages: new Map() }, "settings", blog).next;
  let html = new Map(pages.map((page) => [page.permalink, page.render()]));
  expect(html.size).toBeGreaterThan(100);

  for (const [what, change, most] of edits) {
    change();
    ({ blog, pages } = build());
    const { changed, removed, next } = diffPages(pages, written, "settings", blog);
    const now = new Map(pages.map((page) => [page.permalink, page.render()]));
    const dirty = new Set(changed.map((page) => page.permalink));
    const missed = [...now].filter(([permalink, content]) => html.get(permalink) !== content && !dirty.has(permalink)).map(([permalink]) => permalink);
    expect(missed, what).toEqual([]);
    expect(removed.sort(), what).toEqual([...html.keys()].filter((permalink) => !now.has(permalink)).sort());
    expect(changed.length, what).toBeLessThanOrEqual(most);
    written = next;
    html = now;
  }
  // Nothing changed: nothing written.
  ({ blog, pages } = build());
  expect(diffPages(pages, written, "settings", blog).changed.map((page) => page.permalink)).toEqual([]);
  // Another setting: everything written.
  expect(diffPages(pages, written, "other settings", blog).changed.length).toBe(pages.length);
});

// An edit to posts' text, title, description or picture is patched into the last rebuild's blog
// (patchBlog) instead of a whole load: the pages must then be exactly a whole load's, every page whose HTML changed must be
// written, and what the preview prints must be what a whole load reports.
test("an edit to what posts show of themselves is patched in place, and shows and writes what a whole rebuild would", () => {
  const root = temporarySite();
  const corpus = generateCorpus(40);
  writeJekyllSite(root, corpus, path.resolve("images/nodes.png"));
  const [a, b, c, d] = [5, 12, 20, 33].map((i) => corpus[i]!.file);
  // A file name in decomposed Unicode, as macOS writes it: the watcher names it so, the site in NFC.
  const decomposed = "posts/2015-3-3-configuração.md".normalize("NFD");
  writeFileSync(path.join(root, decomposed), "---\ntitle: Configuração\ntags: redes\n---\nTexto.\n");
  // A series, one part with an old URL: a title is also in the series' list and the redirect page.
  const [one, two] = ["posts/2016-1-1-parte-um.md", "posts/2016-2-1-parte-dois.md"];
  writeFileSync(path.join(root, one!), "---\ntitle: Parte um\nseries: Série\nredirect_from: /velho/\ntags: redes\n---\nTexto.\n");
  writeFileSync(path.join(root, two!), "---\ntitle: Parte dois\nseries: Série\ntags: redes\n---\nTexto.\n");
  const edits: [string, string[], () => void, number | "whole"][] = [
    ["a post whose file name is decomposed", [decomposed], () => edit(root, decomposed, (t) => `${t}\nMais texto.\n`), 4],
    // [what, the files the watcher names, the edit, at most this many pages written, or "whole": loaded again]
    ["a sentence at the end of a post", [a!], () => edit(root, a!, (t) => `${t}\nUma frase no fim.\n`), 4],
    ["the first paragraph (the excerpt)", [a!], () => edit(root, a!, (t) => t.replace(/\n---\n/, "\n---\nUm novo começo.\n\n")), 12],
    ["many more words (the reading time)", [b!], () => edit(root, b!, (t) => `${t}\n${"palavra ".repeat(3000)}\n`), 12],
    ["a heading that skips a level (a warning)", [b!], () => edit(root, b!, (t) => `${t}\n#### Um nível a mais\n`), 4],
    ["two posts at once", [c!, d!], () => ["Outra frase.", "Mais uma."].forEach((s, i) => edit(root, [c!, d!][i]!, (t) => `${t}\n${s}\n`)), 8],
    ["a title (a new card)", [c!], () => edit(root, c!, (t) => t.replace(/^title: .*$/m, "title: Um título novo")), 30],
    ["a series part's title (the redirect page)", [one!], () => edit(root, one!, (t) => t.replace("Parte um", "Primeira parte")), 12],
    ["a description (the excerpt)", [d!], () => edit(root, d!, (t) => t.replace(/\n---\n/, "\ndescription: Um resumo.\n---\n")), 30],
    ["an image for social networks (no card)", [d!], () => edit(root, d!, (t) => t.replace(/\n---\n/, "\nimage: /images/nodes.png\n---\n")), 4],
    ["an image that is not there (a warning)", [d!], () => edit(root, d!, (t) => t.replace("image: /images/nodes.png", "image: /images/nada.png")), 4],
    ["the image fixed (the warning gone)", [d!], () => edit(root, d!, (t) => t.replace("image: /images/nada.png", "image: /images/nodes.png")), 4],
    ["a line above the tags (where they are written moved)", [d!], () => edit(root, d!, (t) => t.replace(/^title:/m, "author: Ana\ntitle:")), "whole"],
    ["the tags", [c!], () => edit(root, c!, (t) => t.replace(/^tags: .*$/m, "tags: aws uma-tag-nova")), "whole"],
    ["the date", [a!], () => edit(root, a!, (t) => t.replace(/^title:/m, "date: 2013-01-01\ntitle:")), "whole"],
    ["a formula (KaTeX's stylesheet)", [d!], () => edit(root, d!, (t) => `${t}\n$$x^2$$\n`), "whole"],
    ["another image", [a!], () => edit(root, a!, (t) => t.replace("../images/nodes.png", "../images/outra.png")), "whole"],
    ["a file that is not a post", [path.join("images", "outra.png")], () => writeFileSync(path.join(root, "images/outra.png"), readFileSync(path.resolve("images/nodes.png"))), "whole"],
    ["a link to a file that is not there (an error)", [d!], () => edit(root, d!, (t) => `${t}\n[ver](nao-existe.md)\n`), "whole"],
    ["a deleted post", [b!], () => rmSync(path.join(root, b!)), "whole"],
    // A new or deleted post renders again only the posts that looked it up (src/render.ts).
    ["links to posts not written yet (errors)", [c!], () => edit(root, c!, (t) => `${t}\n[depois](2030-1-2-depois.md), {% post_url 2030-1-3-mais %}, [caixa](2030-1-4-Caixa.md)\n`), "whole"],
    ["the linked post, written", [LATER], () => writeFileSync(path.join(root, LATER), "---\ntitle: Depois\n---\nTexto.\n"), "whole"],
    ["the post post_url names, written", [MORE], () => writeFileSync(path.join(root, MORE), "---\ntitle: Mais\n---\nTexto.\n"), "whole"],
    ["a post whose name differs in letter case (did you mean)", [CASED], () => writeFileSync(path.join(root, CASED), "---\ntitle: Caixa\n---\nTexto.\n"), "whole"],
    ["the linked post, deleted", [LATER], () => rmSync(path.join(root, LATER)), "whole"],
  ];

  const cache = createBlogCache();
  const renderAll = (pages: Page[]) => new Map(pages.map((page) => [page.permalink, page.render()]));
  const formatted = (list: readonly Diagnostic[]) => sortDiagnostics(list).map(formatDiagnostic);
  let reporter = createReporter();
  let blog = loadBlog(root, reporter, { cache, drafts: true });
  let pages = listPages(blog);
  let printed: Diagnostic[] = [...reporter.diagnostics];
  let written: Written = diffPages(pages, { config: "", pages: new Map() }, "settings", blog).next;
  let html = renderAll(pages);

  for (const [what, files, change, most] of edits) {
    change();
    const patch = patchBlog(root, blog, files.map((file) => path.join(root, file)), cache);
    // What a whole rebuild makes of the site now, from nothing.
    const fresh = createReporter();
    const whole = loadBlog(root, fresh, { drafts: true });
    const now = renderAll(listPages(whole));
    expect(patch === undefined, what).toBe(most === "whole");
    if (patch && most !== "whole") {
      const dirty = new Set(patchPages(patch.posts, pages, written).map((page) => page.permalink));
      expect(renderAll(pages), what).toEqual(now);
      const missed = [...now].filter(([permalink, content]) => html.get(permalink) !== content && !dirty.has(permalink)).map(([permalink]) => permalink);
      expect(missed, what).toEqual([]);
      expect(dirty.size, what).toBeLessThanOrEqual(most);
      printed = [...printed.filter((d) => !patch.stale(d)), ...patch.fresh];
      expect(formatted(printed), what).toEqual(formatted(fresh.diagnostics));
      if (what.includes("heading")) expect(patch.fresh.map((d) => d.code)).toEqual(["heading-skip"]);
      // A whole rebuild after the patch finds nothing left to write.
      expect(diffPages(listPages(whole), written, "settings", whole).changed.map((page) => page.permalink), what).toEqual([]);
    } else {
      reporter = createReporter();
      blog = loadBlog(root, reporter, { cache, drafts: true });
      pages = listPages(blog);
      printed = [...reporter.diagnostics];
      written = diffPages(pages, written, "settings", blog).next;
      // The cache kept what is still right: the pages are a load from nothing's.
      expect(renderAll(pages), what).toEqual(now);
      expect(formatted(printed), what).toEqual(formatted(fresh.diagnostics));
    }
    html = now;
  }
});

test("a new or deleted post renders again only the posts that asked the link table about its file", () => {
  const root = temporarySite();
  const corpus = generateCorpus(12);
  writeJekyllSite(root, corpus, path.resolve("images/nodes.png"));
  const [linking, naming, cased] = [2, 6, 9].map((i) => corpus[i]!.file);
  edit(root, linking!, (t) => `${t}\n[depois](2030-1-2-depois.md)\n`);
  edit(root, naming!, (t) => `${t}\n{% post_url 2030-1-2-depois %}\n`);
  edit(root, cased!, (t) => `${t}\n[caixa](2030-1-2-Depois.md)\n`);
  const cache = createBlogCache();
  const load = () => {
    const before = new Map(cache.renders);
    const reporter = createReporter();
    loadBlog(root, reporter, { cache, drafts: true });
    const again = [...cache.renders].filter(([file, render]) => before.get(file) !== render).map(([file]) => file);
    return { again: again.sort(), codes: reporter.diagnostics.map((d) => `${d.file} ${d.code}`).sort() };
  };
  expect(load().codes).toEqual([`${cased} link-missing`, `${linking} link-missing`, `${naming} post-url-missing`].sort());
  // The post they name, written: those three and the new one rendered, the other eleven kept.
  writeFileSync(path.join(root, LATER), "---\ntitle: Depois\n---\nTexto.\n");
  const added = load();
  expect(added.again).toEqual([cased!, linking!, naming!, LATER].sort());
  expect(added.codes).toEqual([`${cased} link-missing`]);
  // An image nobody shows, added; then nothing changed: nothing rendered.
  writeFileSync(path.join(root, "images/outra.png"), readFileSync(path.resolve("images/nodes.png")));
  expect(load().again).toEqual([]);
  rmSync(path.join(root, LATER));
  const removed = load();
  expect(removed.again).toEqual([cased!, linking!, naming!].sort());
  expect(removed.codes).toHaveLength(3);
});
