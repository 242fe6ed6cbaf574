import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { labelsFor } from "../src/labels.ts";
import { buildSite, copySite, text } from "./helpers/site.ts";

describe("the labels a reader sees follow the page's language", () => {
  test("an English post on a Portuguese blog: date, reading time, contents, menu and anchors in English; the site's pages stay Portuguese", async () => {
    const root = copySite(".");
    writeFileSync(path.join(root, "posts/2024-2-1-english.md"),
      "---\ntitle: An English post\nlang: en\ntags: aws\n---\n## One\n\nText.\n\n## Two\n\nMore.\n\n## Three\n\nEnd.\n");
    const site = await buildSite(root);
    expect(site.code).toBe(0);
    const page = site.page("/2024/02/01/english/");
    expect(page.documentElement.getAttribute("lang")).toBe("en");
    expect(text(page.querySelector("article .meta"))).toBe("February 1, 2024 · 1 min read");
    expect(text(page.querySelector(".toc h2"))).toBe("In this article");
    expect([...page.querySelectorAll("header nav a")].map(text)).toEqual(["Home", "Archive", "Tags", "Search"]);
    expect(page.querySelector("h2 .anchor")?.getAttribute("aria-label")).toBe('Link to the section "One"');
    expect(text(page.querySelector(".skip"))).toBe("Skip to content");
    // On the Portuguese home page, the English post's own line keeps its language.
    const home = site.page("/");
    expect([...home.querySelectorAll("header nav a")].map(text)).toEqual(["Início", "Arquivo", "Tags", "Busca"]);
    const item = [...home.querySelectorAll(".post-list li")].find((li) => text(li.querySelector("h2")) === "An English post")!;
    expect([item.getAttribute("lang"), text(item.querySelector(".meta"))]).toEqual(["en", "February 1, 2024 · 1 min read"]);
  });

  test.each([
    ["pt-BR", "Neste artigo", "Início", "4 min de leitura"],
    ["pt-PT", "Neste artigo", "Início", "4 min de leitura"],
    ["en-GB", "In this article", "Home", "4 min read"],
    ["es", "En este artículo", "Inicio", "4 min de lectura"],
    ["fr", "Neste artigo", "Início", "4 min de leitura"],
  ])("%s", (lang, toc, home, minutes) => {
    const t = labelsFor(lang);
    expect([t.tableOfContents, t.home, t.minutesRead(4)]).toEqual([toc, home, minutes]);
  });
});
