import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DOMParser } from "linkedom";
import { beforeAll, describe, expect, test } from "vitest";
import { type BuildResult, buildSite, copySite, text } from "./helpers/site.ts";

// The shipped blog plus a three-part series and posts sharing tags (our own text).
let site: BuildResult;
beforeAll(async () => {
  const root = copySite(".");
  const post = (name: string, front: string) => writeFileSync(path.join(root, "posts", name), `---\n${front}\n---\nTexto.\n`);
  post("2023-5-2-k8s-parte-1.md", "title: Kubernetes, parte 1\ntags: kubernetes aws\nseries: Kubernetes do zero\nseries_order: 1");
  post("2023-5-9-k8s-parte-3.md", "title: Kubernetes, parte 3\ntags: kubernetes\nseries: Kubernetes do zero\nseries_order: 3");
  post("2023-6-1-k8s-parte-2.md", "title: Kubernetes, parte 2\ntags: kubernetes aws network\nseries: Kubernetes do zero\nseries_order: 2");
  post("2023-6-2-sem-relacao.md", "title: Sem relação\ntags: culinaria");
  site = await buildSite(root);
});

describe("browsing besides tags and home pages", () => {
  test("builds", () => expect(site.code).toBe(0));

  test("/arquivo/ lists every post by year and month, newest first, and the menu links it", () => {
    const page = site.page("/arquivo/");
    expect([...page.querySelectorAll("main h2")].map(text)).toEqual(["2024", "2023", "2022"]);
    expect([...page.querySelectorAll("section[aria-labelledby='ano-2023'] h3")].map(text)).toEqual(["Junho", "Maio"]);
    expect([...page.querySelectorAll("section[aria-labelledby='ano-2023'] li")].map(text))
      .toEqual(["02 Sem relação", "01 Kubernetes, parte 2", "09 Kubernetes, parte 3", "02 Kubernetes, parte 1"]);
    expect([...site.page("/").querySelectorAll("header nav a")].map(text)).toContain("Arquivo");
  });

  test("a series box lists the parts in order (series_order: part 3, written before part 2, comes after it), the current one marked", () => {
    const page = site.page("/2023/06/01/k8s-parte-2/");
    const box = page.querySelector("nav.series")!;
    expect(text(box.querySelector("p"))).toBe("Parte 2 de 3 da série «Kubernetes do zero»");
    expect([...box.querySelectorAll("li")].map(text)).toEqual(["Kubernetes, parte 1", "Kubernetes, parte 2", "Kubernetes, parte 3"]);
    expect([box.querySelector("[aria-current=page]")?.textContent, box.querySelectorAll("a").length]).toEqual(["Kubernetes, parte 2", 2]);
    expect(site.page("/2023/06/02/sem-relacao/").querySelector("nav.series")).toBe(null);
  });

  test("related posts share the most tags, newest first among equals; a post sharing none has none", () => {
    const related = (url: string) => [...site.page(url).querySelectorAll("aside.related li")].map(text);
    expect(related("/2023/06/01/k8s-parte-2/")).toEqual(["AWS - Network", "Kubernetes, parte 1", "Kubernetes, parte 3"]);
    expect(related("/2023/06/02/sem-relacao/")).toEqual([]);
  });

  test("each tag has an Atom feed of its posts, linked from its page; it parses as XML", () => {
    const tag = site.page("/tags/kubernetes/");
    expect([...tag.querySelectorAll('link[rel=alternate][type="application/atom+xml"]')].map((l) => l.getAttribute("href")))
      .toEqual(["/feed.xml", "/tags/kubernetes/feed.xml"]);
    expect(tag.querySelector('main a[href="/tags/kubernetes/feed.xml"]')).not.toBe(null);
    const xml = new DOMParser().parseFromString(readFileSync(path.join(site.output, "tags/kubernetes/feed.xml"), "utf8"), "text/xml");
    expect(xml.querySelector("parsererror")).toBe(null);
    expect([...xml.querySelectorAll("entry > title")].map((t) => t.textContent)).toEqual(["Kubernetes, parte 2", "Kubernetes, parte 3", "Kubernetes, parte 1"]);
    expect(xml.querySelector("feed > link[rel=self]")?.getAttribute("href")).toMatch(/\/tags\/kubernetes\/feed\.xml$/);
  });
});
