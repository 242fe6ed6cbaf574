import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { contrast } from "../src/site.ts";
import { type BuildResult, buildSite, copySite } from "./helpers/site.ts";

// Every setting a blogger changes, on the shipped blog: none of them needs an edit of src/ or layouts/.
let site: BuildResult;
let plain: BuildResult;
beforeAll(async () => {
  const root = copySite(".");
  appendFileSync(path.join(root, "_config.yml"), [
    "accent: '#7a1f5c'", "logo: /images/nodes.png", "stylesheet: /css/meu.css",
    "nav:", "  - { title: GitHub, url: 'https://github.com/exemplo' }",
    "comments:", "  provider: giscus", "  repo: exemplo/blog", "  repo_id: R_1", "  category: Comentários", "  category_id: DIC_1",
    "analytics:", "  goatcounter: exemplo", "",
  ].join("\n"));
  mkdirSync(path.join(root, "css"));
  writeFileSync(path.join(root, "css/meu.css"), "body{letter-spacing:.01em}\n");
  appendFileSync(path.join(root, "_config.yml"), "static: [images, css]\n");
  mkdirSync(path.join(root, "_includes"));
  writeFileSync(path.join(root, "_includes/head.html"), '<meta name="google-site-verification" content="abc">\n');
  writeFileSync(path.join(root, "_includes/footer.html"), '<p class="licenca">CC BY 4.0</p>\n');
  writeFileSync(path.join(root, "posts/2024-2-2-sem-comentarios.md"), "---\ntitle: Sem comentários\ncomments: false\nauthor: beto\n---\nTexto.\n");
  writeFileSync(path.join(root, "posts/2024-2-3-da-ana.md"), "---\ntitle: Da Ana\nauthor: ana\n---\nTexto.\n");
  mkdirSync(path.join(root, "_data"));
  writeFileSync(path.join(root, "_data/authors.yml"), "ana:\n  name: Ana Souza\n  avatar: /images/nodes.png\n  url: https://ana.dev\n");
  site = await buildSite(root);
  plain = await buildSite(copySite("."));
});

describe("settings change the built HTML", () => {
  test("builds with no warning but the sample's own", () => {
    expect(site.code).toBe(0);
    expect(site.diagnostics.map((d) => d.code)).toEqual(["reference-unused"]);
  });

  test("accent: one colour for links (lighter in dark mode), the favicon and the cards", () => {
    const href = site.page("/").querySelector('link[rel=stylesheet]')!.getAttribute("href")!;
    const css = readFileSync(path.join(site.output, href), "utf8");
    expect(css).toContain("--accent:#7a1f5c");
    expect(css).toContain("--accent:color-mix(in srgb,#7a1f5c 45%,#fff)");
    expect(readFileSync(path.join(site.output, "favicon.svg"), "utf8")).toContain('fill="#7a1f5c"');
    // The default blog's stylesheet is another file: hosts that cache it for ever see the change.
    expect(plain.page("/").querySelector('link[rel=stylesheet]')!.getAttribute("href")).not.toBe(href);
    expect(site.page("/2024/01/31/aws-network/").querySelector('meta[property="og:image"]')?.getAttribute("content"))
      .not.toBe(plain.page("/2024/01/31/aws-network/").querySelector('meta[property="og:image"]')?.getAttribute("content"));
  });

  test("logo (sized, so the header never shifts), the author's stylesheet after ours, the menu's extra entry", () => {
    const page = site.page("/");
    const logo = page.querySelector("header a.brand img")!;
    expect([logo.getAttribute("src"), logo.getAttribute("height"), logo.getAttribute("width"), logo.getAttribute("alt")]).toEqual(["/images/nodes.png", "32", "55", ""]);
    expect([...page.querySelectorAll("link[rel=stylesheet]")].map((l) => l.getAttribute("href")).at(-1)).toBe("/css/meu.css");
    expect([...page.querySelectorAll("header nav a")].map((a) => a.getAttribute("href")).at(-1)).toBe("https://github.com/exemplo");
  });

  test("_includes/head.html and footer.html on every page", () => {
    for (const url of ["/", "/2024/01/31/aws-network/", "/tags/"]) {
      const page = site.page(url);
      expect(page.querySelector('meta[name="google-site-verification"]')?.getAttribute("content")).toBe("abc");
      expect(page.querySelector("footer.site p.licenca")?.textContent).toBe("CC BY 4.0");
    }
  });

  test("comments: giscus only on post pages, lazily, and not on a post with comments: false; analytics on every page", () => {
    const giscus = (url: string) => site.page(url).querySelector('section.comments script[src="https://giscus.app/client.js"]');
    expect(giscus("/2024/01/31/aws-network/")?.getAttribute("data-loading")).toBe("lazy");
    expect(giscus("/2024/01/31/aws-network/")?.getAttribute("data-repo")).toBe("exemplo/blog");
    expect([giscus("/"), giscus("/tags/"), giscus("/2024/02/02/sem-comentarios/")]).toEqual([null, null, null]);
    for (const url of ["/", "/2024/01/31/aws-network/"]) {
      expect(site.page(url).querySelector("script[data-goatcounter]")?.getAttribute("data-goatcounter")).toBe("https://exemplo.goatcounter.com/count");
    }
    expect(plain.page("/").querySelector("script[data-goatcounter], script[data-domain]")).toBe(null);
  });

  test("author: a key of _data/authors.yml (name, avatar, link), else the name as written", () => {
    const ana = site.page("/2024/02/03/da-ana/").querySelector("article .meta .author")!;
    expect([ana.textContent?.trim(), ana.querySelector("a")?.getAttribute("href"), ana.querySelector("img")?.getAttribute("src"), ana.querySelector("img")?.getAttribute("width")])
      .toEqual(["por Ana Souza", "https://ana.dev", "/images/nodes.png", "24"]);
    expect(site.page("/2024/02/02/sem-comentarios/").querySelector("article .meta .author")?.textContent).toBe("por beto");
    expect(site.page("/2024/01/31/aws-network/").querySelector("article .meta .author")).toBe(null);
  });

  test("an accent too light for links is a warning; comments: true alone is a warning", async () => {
    expect(contrast("#0b5cad", "#ffffff")).toBeGreaterThan(4.5);
    const root = copySite(".");
    appendFileSync(path.join(root, "_config.yml"), "accent: '#ffcc00'\ncomments: true\n");
    const light = await buildSite(root);
    expect(light.code).toBe(0);
    expect(light.diagnostics.filter((d) => d.file === "_config.yml").map((d) => `${d.severity} ${d.code} ${d.message.split(",")[0]!.split(" on white")[0]}`)).toEqual([
      "warning config-value accent #ffcc00 has a contrast of 1.5:1",
      "warning config-value comments: true turns on nothing by itself: comments are giscus's",
    ]);
  });
});
