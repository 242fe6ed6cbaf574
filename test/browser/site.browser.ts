import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Browser, chromium, type Page, type Route } from "playwright-core";
import sirv from "sirv";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildFixture, buildSite, copySite, PROJECT } from "../helpers/site.ts";

// Debian's Chromium: `npx playwright install` cannot download browsers here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = path.join(PROJECT, "test-results/screenshots");
const AXE = readFileSync(path.join(PROJECT, "node_modules/axe-core/axe.min.js"), "utf8");

let browser: Browser;
let server: Server;
let base: string;

/** Serves a built site on loopback as a static host would; resolves to its origin. */
async function serveSite(output: string): Promise<{ server: Server; base: string }> {
  const files = sirv(output, { dev: true, extensions: ["html"] });
  const server = createServer((req, res) => files(req, res, () => {
    res.statusCode = 404;
    res.end(readFileSync(path.join(output, "404.html")));
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  const site = await buildFixture(".");
  expect(site.code).toBe(0);
  ({ server, base } = await serveSite(site.output));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** axe-core in the page; only serious and critical violations fail. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Holds back Pagefind's stylesheet and its index files (`index`, filters, fragments) by the given milliseconds. */
async function slowSearch(page: Page, delay: { stylesheet: number; index: number }): Promise<void> {
  const later = (ms: number) => async (route: Route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  };
  await page.route("**/pagefind-ui.css", later(delay.stylesheet));
  await page.route(/\/pagefind\/(index|filter|fragment)\//, later(delay.index));
}

/** The page's layout shifts so far that no input explains (Chrome's rule: none in the 500 ms before), with what moved. */
async function unexpectedShifts(page: Page): Promise<string[]> {
  return page.evaluate(() => new Promise<string[]>((resolve) => {
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node?: Node }[] };
    new PerformanceObserver((list) => resolve((list.getEntries() as Shift[])
      .filter((e) => !e.hadRecentInput)
      .map((e) => `${e.value.toFixed(4)}: ${e.sources.map((s) => (s.node as Element | undefined)?.className ?? s.node?.nodeName).join(", ")}`)))
      .observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve([]), 500);
  }));
}

describe.each([
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
])("a reader on a $name", ({ name, width, height }) => {
  test("reads the article, follows its link, comes back and finds it under its tag", async () => {
    const context = await browser.newContext({ viewport: { width, height }, locale: "pt-BR" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("requestfailed", (r) => errors.push(`${r.url()} ${r.failure()?.errorText}`));

    await page.goto(`${base}/`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `${name}-home.png`), fullPage: true });

    await page.getByRole("link", { name: "AWS - Network" }).first().click();
    await expect.poll(() => page.url()).toBe(`${base}/2024/01/31/aws-network/`);
    const diagram = page.locator("article img").first();
    await diagram.scrollIntoViewIfNeeded();
    expect(await diagram.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    // Chromium takes the AVIF version that fits the screen, and the box was sized before it came.
    const shown = await diagram.evaluate((img: HTMLImageElement) => ({
      src: img.currentSrc, ratio: img.getBoundingClientRect().width / img.getBoundingClientRect().height,
    }));
    expect(shown.src).toMatch(width < 600 ? /\/img\/[\w-]+-480\.avif$/ : /\/img\/[\w-]+-960\.avif$/);
    expect(shown.ratio).toBeCloseTo(960 / 560, 2);
    expect(await page.locator("article time").textContent()).toBe("31 de janeiro de 2024");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `${name}-article.png`), fullPage: true });

    await page.getByRole("link", { name: "escalonamento das aplicações" }).click();
    await expect.poll(() => page.url()).toBe(`${base}/2022/07/19/aplicacoes-escalaveis/`);
    expect(await page.locator("h1").textContent()).toBe("Aplicações escaláveis");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.goBack();
    await expect.poll(() => page.url()).toBe(`${base}/2024/01/31/aws-network/`);
    await page.locator('a[rel="tag"]', { hasText: "aws" }).click();
    await expect.poll(() => page.url()).toBe(`${base}/tags/aws/`);
    expect(await page.locator(".post-list h2 a").allTextContents()).toContain("AWS - Network");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `${name}-tag.png`), fullPage: true });

    const missing = await page.goto(`${base}/nao-existe/`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Página não encontrada");
    expect(await accessibilityProblems(page)).toEqual([]);

    // Nothing on these pages fails to load, and the pages run no script of their own.
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("search", () => {
  test.each([
    ["kubelet", "AWS - Network"],
    ["escalável", "Aplicações escaláveis"],
    ["escalavel", "Aplicações escaláveis"],
  ])("typing %j in the header's box finds %j, with its date and a highlighted excerpt", async (query, title) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const scripts: string[] = [];
    page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
    await page.goto(`${base}/2024/01/31/aws-network/`);
    await page.getByRole("searchbox", { name: "Buscar" }).fill(query);
    await page.getByRole("searchbox", { name: "Buscar" }).press("Enter");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/busca/");
    // A result first shows as a loading placeholder; its link appears once its data has loaded.
    const result = page.locator(".pagefind-ui__result").filter({ has: page.locator(".pagefind-ui__result-link") }).first();
    await result.waitFor({ timeout: 15_000 });
    await expect.poll(() => result.locator(".pagefind-ui__result-title").textContent()).toContain(title);
    expect(await result.locator(".pagefind-ui__result-tags").textContent()).toMatch(/Publicado: \d+ de \p{L}+ de \d{4}/u);
    expect(await result.locator(".pagefind-ui__result-excerpt").textContent()).not.toMatch(/min de leitura/);
    expect(await result.locator("mark").count()).toBeGreaterThan(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `search-${query}.png`) });
    // The post page itself loaded no script; only the search page does.
    expect(scripts.every((p) => p.startsWith("/pagefind/"))).toBe(true);
    await page.close();
  });

  // The search page runs no script until its box is used (Lighthouse measured Pagefind's, run on
  // arrival, as 100-130 ms of blocking time on a slow phone); then Pagefind's box takes the place of
  // ours with what was typed and the focus. A shift the reader did not cause counts against the page
  // (Chrome forgives one within 500 ms of a key): Lighthouse once measured 0.0003 here, the box drawn
  // before its stylesheet came, and CI once 0.0088, the footer pushed down by results that came late.
  // A late stylesheet or a late index makes each race certain.
  test.each([
    [0, 0],
    [600, 0],
    [0, 700],
  ])("the search page runs no script until its box is used, then searches what was typed, and does not move (stylesheet after %i ms, index after %i ms)", async (stylesheet, index) => {
    const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
    const scripts: string[] = [];
    page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
    await slowSearch(page, { stylesheet, index });
    await page.goto(`${base}/busca/`);
    await page.waitForLoadState("networkidle");
    expect(scripts).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole("searchbox", { name: "Buscar nos posts", exact: true }).click();
    await page.keyboard.type("kubelet", { delay: 40 });
    const input = page.locator(".pagefind-ui__search-input");
    await input.waitFor();
    await expect.poll(() => input.inputValue()).toBe("kubelet");
    expect(await input.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await input.getAttribute("aria-label")).toBe("Buscar nos posts");
    await page.locator(".pagefind-ui__result-link").first().waitFor({ timeout: 15_000 });
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((p) => p.startsWith("/pagefind/"))).toBe(true);
    expect(await unexpectedShifts(page)).toEqual([]);
    expect(await input.evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(40);
    await page.close();
  });

  // A search from the header's box arrives with its query (`?q=`) and nobody typing, so every shift
  // counts: the tag filters drawn above the results after them moved the results down (0.05-0.29 on
  // a phone), and the results the footer.
  test.each([
    ["phone", 0, 412, 823],
    ["phone", 700, 412, 823],
    ["desktop", 700, 1280, 900],
  ])("a search sent from the header's box shows its results on a %s without moving anything (index after %i ms)", async (_, index, width, height) => {
    const page = await browser.newPage({ viewport: { width, height } });
    await slowSearch(page, { stylesheet: 0, index });
    await page.goto(`${base}/busca/?q=kubelet`);
    await page.locator(".pagefind-ui__result-link").first().waitFor({ timeout: 15_000 });
    await page.locator(".pagefind-ui__filter-label").first().waitFor();
    expect(await unexpectedShifts(page)).toEqual([]);
    await page.close();
  });

  // The results wait for the tag filters only on a blog that has tags: on one without, no filter
  // ever comes, and the results must show all the same.
  test("a blog without tags shows its results too", async () => {
    const withoutTags = (root: string) => {
      for (const file of readdirSync(path.join(root, "posts")).filter((f) => f.endsWith(".md"))) {
        const post = path.join(root, "posts", file);
        writeFileSync(post, readFileSync(post, "utf8").replace(/^tags:.*\n/m, ""));
      }
    };
    await onPhoneSite(withoutTags, async (page, base) => {
      await page.goto(`${base}/busca/?q=kubelet`);
      const link = page.locator(".pagefind-ui__result-link").first();
      await link.waitFor({ timeout: 15_000 });
      expect(await link.textContent()).toContain("AWS - Network");
      expect(await page.locator(".pagefind-ui__filter-panel").count()).toBe(0);
    });
  });

  test("the search box still comes, unstyled, when its stylesheet fails to load", async () => {
    const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
    await page.route("**/pagefind-ui.css", (route) => route.abort());
    await page.goto(`${base}/busca/?q=kubelet`);
    const link = page.locator(".pagefind-ui__result-link").first();
    await link.waitFor({ timeout: 15_000 });
    expect(await link.textContent()).toContain("AWS - Network");
    await page.close();
  });
});

describe("hostile text reaches search as text", () => {
  // Pagefind's UI inserts filter names, meta and excerpts as HTML: a tag, title or body must not run script there.
  const payload = `"><img src=x onerror="window.pwned=1">`;
  test("a tag, a title and a body holding markup run nothing on the search page", async () => {
    const root = copySite(".");
    writeFileSync(path.join(root, "posts/2024-3-1-hostil.md"),
      `---\ntitle: 'Hostil ${payload}'\ntags: ['${payload}', rede]\n---\nTexto hostil &lt;img src=x onerror="window.pwned=1"&gt; e \`${payload}\`.\n`);
    const site = await buildSite(root);
    expect(site.code).toBe(0);
    const hostile = await serveSite(site.output);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${hostile.base}/busca/?q=hostil`);
      const result = page.locator(".pagefind-ui__result-link").first();
      await result.waitFor({ timeout: 15_000 });
      expect(await result.textContent()).toContain("Hostil");
      // The tag filter's label is where Pagefind UI 1.6 inserted HTML: it must be drawn, as text.
      const label = page.locator(".pagefind-ui__filter-label").filter({ hasText: "img src=x" });
      await label.first().waitFor({ state: "attached", timeout: 15_000 });
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    } finally {
      await page.close();
      hostile.server.close();
    }
  });
});

/** The shipped blog with one post added, built and served, and a phone-sized page on it, closed (with the server) after `use`. */
async function onPhone(file: string, text: string, use: (page: Page, base: string) => Promise<void>): Promise<void> {
  await onPhoneSite((root) => writeFileSync(path.join(root, "posts", file), text), use);
}

/** The shipped blog as `edit` leaves it, built and served, and a phone-sized page on it, closed (with the server) after `use`. */
async function onPhoneSite(edit: (root: string) => void, use: (page: Page, base: string) => Promise<void>): Promise<void> {
  const root = copySite(".");
  edit(root);
  const site = await buildSite(root);
  expect(site.code).toBe(0);
  const served = await serveSite(site.output);
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await use(page, served.base);
  } finally {
    await page.close();
    served.server.close();
  }
}

describe("footnotes and task lists in a post", () => {
  test("the footnote reference leads to its note and back; task lists and notes pass axe", async () => {
    await onPhone("2024-3-2-notas.md",
      "---\ntitle: Notas\n---\nUma afirmação[^1] sobre :rocket:.\n\n- [x] feito\n- [ ] falta\n\nVPC\n: a rede privada\n\n[^1]: A fonte da afirmação.\n", async (page, base) => {
      await page.goto(`${base}/2024/03/02/notas/`);
      await page.locator("sup.footnote-ref a").click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe("#fn1");
      expect(await page.locator("#fn1").isVisible()).toBe(true);
      await page.locator("#fn1 a.footnote-backref").click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe("#fnref1");
      expect(await page.locator("input[type=checkbox]:checked").count()).toBe(1);
      expect(await accessibilityProblems(page)).toEqual([]);
    });
  });
});

describe("math in a post", () => {
  test("KaTeX typesets it at build time: fonts and stylesheet load, no script, and it passes axe", async () => {
    await onPhone("2024-3-3-formulas.md",
      "---\ntitle: Fórmulas\n---\nA área do círculo é $\\pi r^2$, e custa R$ 10.\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n", async (page, base) => {
      const failed: string[] = [];
      page.on("requestfailed", (request) => failed.push(request.url()));
      page.on("response", (response) => {
        if (response.status() >= 400) failed.push(response.url());
      });
      await page.goto(`${base}/2024/03/03/formulas/`);
      await page.evaluate(() => document.fonts.ready);
      // The display formula is drawn with KaTeX's own fonts, which its stylesheet loaded.
      expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.startsWith("KaTeX") && f.status === "loaded"))).toBe(true);
      expect(await page.locator(".katex-display").count()).toBe(1);
      expect(await page.locator("p:not(.math) > .katex").count()).toBe(1);
      expect(await page.locator("math annotation").first().textContent()).toBe("\\pi r^2");
      expect(await page.locator("article script").count()).toBe(0);
      expect(failed).toEqual([]);
      expect(await accessibilityProblems(page)).toEqual([]);
    });
  });
});

describe("a mermaid diagram in a post", () => {
  test("is drawn as an SVG on its page, and only that page loads mermaid", async () => {
    await onPhone("2024-3-4-diagrama.md",
      "---\ntitle: Diagrama\n---\nO fluxo:\n\n```mermaid\ngraph LR\n  A[Cliente] --> B[Balanceador]\n  B --> C[Servidor]\n```\n", async (page, base) => {
      const scripts: string[] = [];
      page.on("request", (request) => {
        if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
      });
      await page.goto(`${base}/2024/03/04/diagrama/`);
      await page.locator("pre.mermaid svg .node").first().waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator("pre.mermaid svg .node").allTextContents(), { timeout: 30_000 })
        .toEqual(["Cliente", "Balanceador", "Servidor"]);
      expect(scripts.some((s) => s.startsWith("/mermaid/"))).toBe(true);
      scripts.length = 0;
      await page.goto(`${base}/2024/01/31/aws-network/`);
      await page.waitForLoadState("networkidle");
      expect(scripts).toEqual([]);
    });
  });
});

describe("reader details on a phone", () => {
  test("a YouTube iframe and a wide formula fit a 390 px screen; a titled image is a figure with its caption", async () => {
    await onPhone("2024-3-5-video.md", [
      "---", "title: Vídeo", "---",
      '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/x" title="Palestra" allowfullscreen></iframe>',
      "", "$$", "\\sum_{i=1}^{n} i + \\sum_{j=1}^{m} j + \\sum_{k=1}^{p} k + \\sum_{l=1}^{q} l + \\sum_{r=1}^{s} r = \\frac{n(n+1)}{2} + \\frac{m(m+1)}{2}", "$$",
      "", '![Os nós](../images/nodes.png "O cluster e seus nós")', "",
    ].join("\n"), async (page, base) => {
      await page.route("https://www.youtube-nocookie.com/**", (route) => route.fulfill({ body: "<p>vídeo</p>", contentType: "text/html" }));
      await page.goto(`${base}/2024/03/05/video/`);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const box = await page.locator("iframe").boundingBox();
      expect(box!.width).toBeLessThanOrEqual(390);
      expect(Math.round((box!.width / box!.height) * 9)).toBe(16);
      expect(await page.locator("figure figcaption").textContent()).toBe("O cluster e seus nós");
      expect(await accessibilityProblems(page)).toEqual([]);
    });
  });

  test("the search page and its results are readable in dark mode (axe's contrast rules pass)", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });
    try {
      await page.goto(`${base}/busca/?q=kubelet`);
      const result = page.locator(".pagefind-ui__result").filter({ has: page.locator(".pagefind-ui__result-link") }).first();
      await result.waitFor({ timeout: 15_000 });
      const colors = await result.locator(".pagefind-ui__result-link").evaluate((a) => [getComputedStyle(a).color, getComputedStyle(document.body).backgroundColor]);
      expect(colors).toEqual(["rgb(230, 237, 243)", "rgb(13, 17, 23)"]);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, "search-dark.png") });
    } finally {
      await page.close();
    }
  });
});

describe("the search of a blog whose index is in parts", () => {
  test("finds a post in each part, as one list of results", { timeout: 300_000 }, async () => {
    const { shardOf } = await import("../../src/search.ts");
    const root = copySite("images");
    writeFileSync(path.join(root, "_config.yml"), "title: Muitos posts\nsocial_cards: false\n");
    const file = (i: number) => `2020/${String(1 + (i % 12)).padStart(2, "0")}/${String(1 + (i % 28)).padStart(2, "0")}/post-${i}/index.html`;
    for (let i = 0; i < 2_100; i++) {
      writeFileSync(path.join(root, `posts/2020-${1 + (i % 12)}-${1 + (i % 28)}-post-${i}.md`), `---\ntitle: Post ${i}\n---\nTexto do post número ${i}: termo${i}.\n`);
    }
    const site = await buildSite(root);
    expect(site.code).toBe(0);
    const { server: parts, base: at } = await serveSite(site.output);
    try {
      // One post from each part, found by a word only it has.
      for (const shard of [0, 1]) {
        const i = Array.from({ length: 2_100 }, (_, k) => k).find((k) => shardOf(file(k), 2) === shard)!;
        const page = await browser.newPage();
        await page.goto(`${at}/busca/?q=termo${i}`);
        const result = page.locator(".pagefind-ui__result").filter({ has: page.locator(".pagefind-ui__result-link") }).first();
        await result.waitFor({ timeout: 15_000 });
        await expect.poll(() => result.locator(".pagefind-ui__result-title").textContent()).toBe(`Post ${i}`);
        expect(await result.locator(".pagefind-ui__result-link").getAttribute("href")).toBe(`/${file(i).replace(/index\.html$/, "")}`);
        await page.close();
      }
    } finally {
      parts.close();
    }
  });
});
