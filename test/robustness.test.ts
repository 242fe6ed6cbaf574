import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DOMParser } from "linkedom";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSite, CLI, copySite, outputsOf, snapshot, temporarySite } from "./helpers/site.ts";


const CANARY = path.join(tmpdir(), `blog-canary-${process.pid}`);
const evil = (open: string) =>
  `${open}\n{ title: (function () { require("fs").writeFileSync(${JSON.stringify(CANARY)}, "ran"); return "x"; })() }\n---\nTexto.\n`;

interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  expected: { file: string; line: number; column: number; code: string }[];
}

const nested = Array.from({ length: 60 }, (_, i) => `${"  ".repeat(i)}- nível ${i}`).join("\n");
const cases: Case[] = [
  { name: "invalid YAML", files: { "posts/2024-2-1-a.md": "---\ntitle: um: dois\n---\nTexto.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 2, column: 10, code: "front-matter-yaml" }] },
  { name: "front matter never closed", files: { "posts/2024-2-1-a.md": "---\ntitle: A\nTexto.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 1, column: 1, code: "front-matter-unclosed" }] },
  { name: "front matter that is not a mapping", files: { "posts/2024-2-1-a.md": "---\n- a\n- b\n---\nTexto.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 2, column: 1, code: "front-matter-shape" }] },
  ...["---js", "---javascript", "--- js", "---toml", "---coffee"].map((open) => ({
    name: `front matter opened with ${open}`, files: { "posts/2024-2-1-a.md": evil(open) },
    expected: [{ file: "posts/2024-2-1-a.md", line: 1, column: 4, code: "front-matter-language" }] })),
  { name: "tags that are not text", files: { "posts/2024-2-1-a.md": "---\ntitle: A\ntags: {a: 1}\n---\nTexto.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 7, code: "tags-type" }] },
  { name: "impossible date in the file name", files: { "posts/2022-13-45-x.md": "---\ntitle: A\n---\nTexto.\n" },
    expected: [{ file: "posts/2022-13-45-x.md", line: 1, column: 1, code: "filename-date" }] },
  { name: "impossible date: value", files: { "posts/2022-2-1-x.md": "---\ntitle: A\ndate: 2022-02-30\n---\nTexto.\n" },
    expected: [{ file: "posts/2022-2-1-x.md", line: 3, column: 7, code: "date" }] },
  { name: "Latin-1 bytes", files: { "posts/2024-2-1-a.md": Buffer.concat([Buffer.from("---\ntitle: A\n---\nComunica"), Buffer.from([0xe7, 0xe3]), Buffer.from("o\n")]) },
    expected: [{ file: "posts/2024-2-1-a.md", line: 4, column: 9, code: "encoding" }] },
  { name: "two posts whose URLs differ only in case", files: {
    "posts/2024-2-1-Teste.md": "---\ntitle: A\n---\nA.\n", "posts/2024-2-1-teste.md": "---\ntitle: B\n---\nB.\n" },
    expected: [{ file: "posts/2024-2-1-teste.md", line: 1, column: 1, code: "url-collision" }] },
  { name: "two posts whose names differ only in Unicode normalisation", files: {
    "posts/2024-2-1-ação.md": "---\ntitle: A\n---\nA.\n", "posts/2024-2-1-ac\u0327a\u0303o.md": "---\ntitle: B\n---\nB.\n" },
    expected: [{ file: "posts/2024-2-1-ação.md", line: 1, column: 1, code: "url-collision" }] },
  { name: "nesting deeper than markdown-it keeps", files: { "posts/2024-2-1-a.md": `---\ntitle: A\n---\n${nested}\n\nFim.\n` },
    expected: [{ file: "posts/2024-2-1-a.md", line: 53, column: 101, code: "nesting" }] },
  { name: "a permalink that climbs out of _site", files: { "posts/2024-2-1-a.md": "---\ntitle: A\npermalink: ../../x/\n---\nA.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 12, code: "permalink" }] },
  { name: "an image path that climbs out of the site", files: { "posts/2024-2-1-a.md": "---\ntitle: A\n---\n![x](../../../etc/passwd)\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 4, column: 1, code: "image-missing" }] },
  { name: "a post over the size limit", files: { "posts/2024-2-1-a.md": `---\ntitle: A\n---\n${"Texto longo. ".repeat(800_000)}\n` },
    expected: [{ file: "posts/2024-2-1-a.md", line: 1, column: 1, code: "too-large" }] },
  { name: "an old URL that is a page of the site", files: { "posts/2024-2-1-a.md": "---\ntitle: A\nredirect_from: [/tags/]\n---\nA.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 1, code: "redirect-from" }] },
  { name: "a post_url that names no post", files: { "posts/2024-2-1-a.md": "---\ntitle: A\n---\nVeja [b]({% post_url 2020-01-01-nada %}).\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 4, column: 10, code: "post-url-missing" }] },
  { name: "a bad value in _config.yml", files: { "_config.yml": "title: Blog\ntimezone: Marte/Olympus\n" },
    expected: [{ file: "_config.yml", line: 2, column: 11, code: "config-value" }] },
];

// What Jekyll publishes, we publish (issue: real Jekyll blogs): these build, each with a located warning.
const published: Case[] = [
  { name: "empty title", files: { "posts/2024-2-1-a.md": "---\ntitle: \"  \"\n---\nTexto.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 2, column: 8, code: "title-empty" }] },
  { name: "title that is not text", files: { "posts/2024-2-1-a.md": "---\ntitle: [a, b]\n---\nTexto.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 2, column: 8, code: "title-type" }] },
  { name: "empty post", files: { "posts/2024-2-1-a.md": "" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 1, column: 1, code: "empty-post" }, { file: "posts/2024-2-1-a.md", line: 1, column: 1, code: "title-missing" }] },
  { name: "CR-only line endings", files: { "posts/2024-2-1-a.md": "---\rtitle: A\r---\rTexto.\r" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 1, column: 4, code: "line-endings" }] },
  { name: "two tags with one URL", files: {
    "posts/2024-2-1-a.md": "---\ntitle: A\ntags: [\"foo bar\"]\n---\nA.\n", "posts/2024-2-2-b.md": "---\ntitle: B\ntags: foo-bar\n---\nB.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 9, code: "tag-spelling" }] },
];

// One site holds every case (each in posts of its own), so one build checks them all.
test("what Jekyll publishes builds, with one located warning for each: " + published.map((c) => c.name).join(", "), async () => {
  const root = copySite(".");
  const rename = (file: string, i: number) => file.replace("2024-2-", `2024-${i + 3}-`);
  published.forEach(({ files }, i) => {
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(root, rename(file, i)), content);
  });
  const result = await buildSite(root);
  expect(result.code).toBe(0);
  expect(result.diagnostics.filter((d) => d.file !== "posts/2024-1-31-aws-network.md")
    .map(({ file, line, column, code, severity }) => ({ file, line, column, code, severity })))
    .toEqual(published.flatMap(({ expected }, i) => expected.map((e) => ({ ...e, file: rename(e.file, i), severity: "warning" }))));
  published.forEach((_, i) => expect(result.exists(`/2024/0${i + 3}/01/a/`)).toBe(true));
});

describe("every bad input is a diagnostic, and the previous _site/ survives it", () => {
  let good: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    good = copySite(".");
    expect((await buildSite(good)).code).toBe(0);
    before = snapshot(path.join(good, "_site"));
  });

  test.concurrent.each(cases)("$name", async ({ files, expected }) => {
    const root = temporarySite("blog-bad-");
    cpSync(good, root, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    }
    const result = await buildSite(root);
    expect(result.code).toBe(1);
    const errors = result.diagnostics.filter((d) => d.file !== "posts/2024-1-31-aws-network.md");
    expect(errors.map(({ file, line, column, code }) => ({ file, line, column, code }))).toEqual(expected);
    expect(errors.every((d) => d.message.length > 30)).toBe(true);
    expect(snapshot(path.join(root, "_site"))).toEqual(before);
    expect(existsSync(CANARY)).toBe(false);
  });

  test("every error of the run is reported, not only the first", async () => {
    const root = copySite(".");
    for (const c of cases.slice(0, 6)) {
      for (const [file, content] of Object.entries(c.files)) writeFileSync(path.join(root, file.replace("2024-2-1-a", `2024-2-1-${cases.indexOf(c)}`)), content);
    }
    const result = await buildSite(root);
    expect(result.code).toBe(1);
    expect(new Set(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.file)).size).toBe(6);
  });

  test("symbolic links in posts/ and images/ are refused", async () => {
    const root = copySite(".");
    const outside = temporarySite("blog-outside-");
    writeFileSync(path.join(outside, "segredo.md"), "---\ntitle: Segredo\n---\nNão publique.\n");
    symlinkSync(path.join(outside, "segredo.md"), path.join(root, "posts/2024-2-1-segredo.md"));
    symlinkSync(outside, path.join(root, "images/externo"));
    const result = await buildSite(root);
    expect(result.code).toBe(1);
    expect(result.diagnostics.filter((d) => d.code === "symlink").map((d) => d.file).sort())
      .toEqual(["images/externo", "posts/2024-2-1-segredo.md"]);
  });

  test("a post that is only front matter is built, as Jekyll builds it, with a warning", async () => {
    const root = copySite(".");
    writeFileSync(path.join(root, "posts/2024-2-1-so-titulo.md"), "---\ntitle: Só o título\ntags: aws\n---\n  \n\t\n");
    // No front matter, a heading and nothing else: the heading is the title, and the post is as empty.
    writeFileSync(path.join(root, "posts/2024-2-2-so-cabecalho.md"), "# Só um cabeçalho\n");
    const result = await buildSite(root);
    expect(result.code).toBe(0);
    expect(result.diagnostics.filter((d) => d.file.startsWith("posts/2024-2-"))
      .map(({ file, severity, line, column, code }) => ({ file, severity, line, column, code })))
      .toEqual([{ file: "posts/2024-2-1-so-titulo.md", severity: "warning", line: 5, column: 1, code: "empty-post" },
        { file: "posts/2024-2-2-so-cabecalho.md", severity: "warning", line: 1, column: 1, code: "empty-post" }]);
    expect(result.page("/2024/02/02/so-cabecalho/").querySelector("h1")?.textContent).toBe("Só um cabeçalho");
    const page = result.page("/2024/02/01/so-titulo/");
    expect(page.querySelector("h1")?.textContent).toBe("Só o título");
    expect(page.querySelector("article")?.textContent).not.toMatch(/undefined|NaN/);
    const tag = result.page("/tags/aws/");
    expect([...tag.querySelectorAll(".post-list h2 a")].map((a) => a.textContent)).toContain("Só o título");
    // No empty description: the feed entry has no <summary>, the page no meta description.
    const feed = new DOMParser().parseFromString(readFileSync(path.join(result.output, "feed.xml"), "utf8"), "text/xml") as unknown as Document;
    const entry = [...feed.getElementsByTagName("entry")].find((e) => e.getElementsByTagName("title")[0]?.textContent === "Só o título");
    expect(entry?.getElementsByTagName("published")[0]?.textContent).toMatch(/^2024-02-01/);
    expect(entry?.getElementsByTagName("summary")).toHaveLength(0);
    expect(page.querySelector('meta[name="description"]')).toBeNull();
  });

  test("a UTF-8 BOM and CRLF line endings build exactly like clean LF", async () => {
    const clean = copySite(".");
    const dirty = copySite(".");
    for (const name of readdirSync(path.join(dirty, "posts"))) {
      const file = path.join(dirty, "posts", name);
      writeFileSync(file, "\ufeff" + readFileSync(file, "utf8").replaceAll("\n", "\r\n"));
    }
    const [a, b] = await Promise.all([buildSite(clean), buildSite(dirty)]);
    expect(b.diagnostics).toEqual(a.diagnostics);
    expect(snapshot(b.output)).toEqual(snapshot(a.output));
  });
});

describe("bounded cost", () => {
  test("pathological Markdown builds (each within the budgets in docs/reference.md) or is refused, never hangs", async () => {
    const root = copySite(".");
    const body = {
      estrelas: "*".repeat(100_000),
      colchetes: "[".repeat(50_000),
      tabela: `|${"a|".repeat(5000)}\n|${"-|".repeat(5000)}\n|${"b|".repeat(5000)}\n`,
      referencias: "[a][a]".repeat(30_000),
      enfase: "_a ".repeat(20_000) + "fim" + " a_".repeat(20_000),
    };
    for (const [name, text] of Object.entries(body)) {
      writeFileSync(path.join(root, `posts/2024-3-1-${name}.md`), `---\ntitle: ${name}\n---\n${text}\n`);
    }
    const result = await buildSite(root);
    const own = result.diagnostics.filter((d) => d.file === "posts/2024-3-1-referencias.md");
    expect(own).toHaveLength(51);
    expect(own.at(-1)?.code).toBe("too-many");
    expect(result.diagnostics.filter((d) => d.file !== "posts/2024-3-1-referencias.md" && d.severity === "error")).toEqual([]);
  });
});

describe("content is data", () => {
  test("javascript: URLs are never emitted, from Markdown or raw HTML, and each is named", async () => {
    const root = copySite(".");
    writeFileSync(path.join(root, "posts/2024-2-1-xss.md"), [
      "---", 'title: "\\"><script>alert(1)</script>"', "tags: \"<b>tag</b>\"", "---",
      "[clique](javascript:alert(1)) e ![img](vbscript:msgbox)",
      "",
      '<a href="  java&#x09;script:alert(2)">raw</a> <img src="data:text/html;base64,PHNjcmlwdD4=">',
      "",
    ].join("\n"));
    const result = await buildSite(root);
    expect(result.code).toBe(0);
    expect(result.diagnostics.filter((d) => d.code === "unsafe-url").map((d) => `${d.line}:${d.column}`))
      .toEqual(["5:1", "5:34", "7:4", "7:52"]);
    const doc = result.page("/2024/02/01/xss/");
    const urls = [...doc.querySelectorAll("[href], [src]")].map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? "");
    expect(urls.some((u) => /^\s*(javascript|vbscript|data:text)/i.test(u.replace(/\s/g, "")))).toBe(false);
    // The only script is the JSON-LD, and the title inside it is still the title, as data.
    const scripts = [...doc.querySelectorAll("script")];
    expect(scripts.map((el) => el.getAttribute("type"))).toEqual(["application/ld+json"]);
    expect(scripts[0]!.textContent).not.toContain("</script");
    expect(JSON.parse(scripts[0]!.textContent!).headline).toBe('"><script>alert(1)</script>');
    expect(doc.querySelector('meta[property="og:title"]')?.getAttribute("content")).toBe('"><script>alert(1)</script>');
    expect(doc.querySelector("h1")?.textContent).toBe('"><script>alert(1)</script>');
    expect(doc.querySelector("title")?.textContent).toContain('"><script>alert(1)</script>');
  });
});

describe("nothing escapes _site/", () => {
  test("a build writes only inside _site/ and its cache in .cache/blog/, whatever the file names, tags and links say", async () => {
    const outer = temporarySite("blog-jail-");
    const root = path.join(outer, "site");
    cpSync(copySite("."), root, { recursive: true });
    const home = path.join(outer, "home");
    const tmp = path.join(outer, "tmp");
    mkdirSync(home);
    mkdirSync(tmp);
    writeFileSync(path.join(root, "posts/2024-2-1-o que? #1 100%.md"), "---\ntitle: Nome estranho\ntags: [\"../../../x\", \"a/b\"]\n---\nTexto.\n");
    const sourceBefore = snapshot(root);
    const result = await buildSite(root, { HOME: home, TMPDIR: tmp });
    expect(result.code).toBe(0);
    await outputsOf(root);
    expect(readdirSync(outer).sort()).toEqual(["home", "site", "tmp"]);
    expect(readdirSync(home)).toEqual([]);
    // tsx, which runs the TypeScript, keeps its transpile cache in the temp folder; the build writes nothing there.
    expect(readdirSync(tmp).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([]);
    const after = snapshot(root);
    const written = Object.keys(after).filter((f) => sourceBefore[f] !== after[f]);
    expect(written.length).toBeGreaterThan(10);
    expect(written.filter((f) => !f.startsWith(`_site${path.sep}`))).toEqual([path.join(".cache", "blog", "build.v8")]);
    expect(result.exists("/2024/02/01/o-que-1-100/")).toBe(true);
    expect(result.exists("/tags/x/")).toBe(true);
    expect(result.exists("/tags/a-b/")).toBe(true);
  });
});

describe("nothing lost", () => {
  // Three whole builds in child processes: a generous timeout, so a loaded machine cannot fail it.
  test("a build killed half-way leaves the previous _site/ as it was; the next one cleans up", { timeout: 300_000 }, async () => {
    const root = copySite(".");
    // The swap is what is tested, not the cards: drawing 3,000 cards made this test a minute long.
    writeFileSync(path.join(root, "_config.yml"), `${readFileSync(path.join(root, "_config.yml"), "utf8")}social_cards: false\n`);
    for (let i = 0; i < 1000; i++) {
      writeFileSync(path.join(root, `posts/2020-1-1-gerado-${i}.md`), `---\ntitle: Gerado ${i}\ntags: t${i % 50}\n---\n${"Texto de enchimento. ".repeat(200)}\n`);
    }
    expect((await buildSite(root)).code).toBe(0);
    const before = snapshot(path.join(root, "_site"));
    writeFileSync(path.join(root, "posts/2020-1-1-gerado-0.md"), "---\ntitle: Mudou\n---\nOutro texto.\n");

    const child = spawn(process.execPath, [CLI, "build", root],
      { cwd: root, detached: true, stdio: "ignore" });
    let staged = false;
    for (let i = 0; i < 2000 && !staged; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const staging = readdirSync(root).find((n) => n.startsWith("_site.building-"));
      staged = staging !== undefined && existsSync(path.join(root, staging, "2020"));
    }
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    expect(staged).toBe(true);
    expect(snapshot(path.join(root, "_site"))).toEqual(before);

    const next = await buildSite(root);
    expect(next.code).toBe(0);
    // The killed build's staging folder is gone; the output it replaced is kept as folders only.
    expect(await outputsOf(root)).toEqual(["_site", "_site.spare"]);
    expect(next.page("/2020/01/01/gerado-0/").querySelector("h1")?.textContent).toBe("Mudou");
  });

  test("the last output is emptied after the build returns; one whose remover was killed, and a killed build's cache, are removed by the next build", async () => {
    const root = copySite(".");
    expect((await buildSite(root)).code).toBe(0);
    // Left by a remover that was killed (a reboot): a whole output under the name a build gives it.
    cpSync(path.join(root, "_site"), path.join(root, "_site.trash-999999"), { recursive: true });
    // And a cache written by a build killed before its swap.
    writeFileSync(path.join(root, ".cache/blog/build.v8.999999"), "cortado");
    expect((await buildSite(root)).code).toBe(0);
    expect(await outputsOf(root)).toEqual(["_site", "_site.spare"]);
    expect(readdirSync(path.join(root, ".cache/blog"))).toEqual(["build.v8"]);
    expect((await buildSite(root)).exists("/2024/01/31/aws-network/")).toBe(true);
  });

  test("two builds started at once both finish and leave one whole _site/", { timeout: 300_000 }, async () => {
    const root = copySite(".");
    const [a, b] = await Promise.all([buildSite(root, {}, [], { child: true }), buildSite(root, {}, [], { child: true })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    // One spare at most: the second output replaced is removed.
    expect(await outputsOf(root)).toEqual(["_site", "_site.spare"]);
    const alone = copySite(".");
    await buildSite(alone);
    expect(snapshot(path.join(root, "_site"))).toEqual(snapshot(path.join(alone, "_site")));
  });
});

afterAll(() => {
  rmSync(CANARY, { force: true });
});
