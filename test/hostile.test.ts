import { execFile } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { DOMParser } from "linkedom";
import { describe, expect, test } from "vitest";
import { checkSite } from "../src/check.ts";
import { createReporter, type Diagnostic, formatDiagnostic } from "../src/diagnostics.ts";
import { describeFailure } from "../src/failure.ts";
import { formatImportReport, importJekyll } from "../src/import.ts";
import { isSafeRequestPath } from "../src/preview.ts";
import { buildSite, CLI, copySite, parseDiagnostics, snapshot, temporarySite } from "./helpers/site.ts";

const run = promisify(execFile);

/** A site made of the shipped sample plus `files`; `setup` may add what text cannot say (links, FIFOs). */
function site(files: Record<string, string>, setup?: (root: string) => void): string {
  const root = copySite(".");
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  setup?.(root);
  return root;
}

/** What `npm run check` finds, in-process; the sample's own warning left out. */
interface Found {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
}

function check(root: string): Found[] {
  const reporter = createReporter();
  checkSite(root, reporter);
  return reporter.diagnostics.filter((d) => d.file !== "posts/2024-1-31-aws-network.md")
    .map(({ file, line, column, severity, code }) => ({ file, line, column, severity, code }));
}

const CONFIG = readFileSync(path.join(import.meta.dirname, "../_config.yml"), "utf8");
/** About 400 bytes of YAML whose aliases expand to 9^7 values ("billion laughs"). */
const BOMB = ["x: &a [1,1,1,1,1,1,1,1,1]",
  ..."bcdefg".split("").map((name, i) => `${name}${i}: &${name} [${Array(9).fill(`*${"abcdefg"[i]}`).join(",")}]`)].join("\n");

const checkCases: { name: string; files: Record<string, string>; expected: Found[] }[] = [
  { name: "a YAML alias bomb in front matter", files: { "posts/2024-2-1-a.md": `---\ntitle: A\n${BOMB}\ntags: *g\n---\nTexto.\n` },
    expected: [{ file: "posts/2024-2-1-a.md", line: 4, column: 9, severity: "error", code: "front-matter-yaml" }] },
  { name: "a YAML alias bomb in _config.yml", files: { "_config.yml": `${CONFIG}${BOMB}\n` },
    expected: [{ file: "_config.yml", line: 8, column: 9, severity: "error", code: "config-yaml" }] },
  { name: "a site lang that is not a language", files: { "_config.yml": `${CONFIG.replace("lang: pt-BR", `lang: 'x"><script>'`)}` },
    expected: [{ file: "_config.yml", line: 4, column: 7, severity: "error", code: "config-value" }] },
  { name: "a baseurl that climbs", files: { "_config.yml": `${CONFIG}baseurl: ../..\n` },
    expected: [{ file: "_config.yml", line: 7, column: 10, severity: "error", code: "config-value" }] },
  { name: "a url with markup", files: { "_config.yml": `${CONFIG}url: 'https://x" onmouseover=alert(1)'\n` },
    expected: [{ file: "_config.yml", line: 7, column: 6, severity: "error", code: "config-value" }] },
  ...["_site", "node_modules", "src", "test", ".git"].map((folder) => ({
    name: `static: [${folder}]`, files: { "_config.yml": `${CONFIG}static: [images, ${folder}]\n` },
    expected: [{ file: "_config.yml", line: 7, column: 9, severity: "error", code: "config-value" }] })),
  { name: "a config permalink with an unknown placeholder: once, at its line", files: {
    "_config.yml": CONFIG.replace("permalink: /:year/:month/:day/:title/", "permalink: /:ano/:title/") },
    expected: [{ file: "_config.yml", line: 6, column: 12, severity: "error", code: "config-value" }] },
  { name: "a static folder whose file replaces a page", files: { "_config.yml": `${CONFIG}static: [images, tags]\n`, "tags/index.html": "<p>x</p>" },
    expected: [{ file: "tags/index.html", line: 0, column: 0, severity: "error", code: "static-collision" }] },
  ...["pagefind", "pagefind-3"].map((folder) => ({
    name: `a static folder ${folder}/, where the search index is written`, files: { "_config.yml": `${CONFIG}static: [images, ${folder}]\n`, [`${folder}/pagefind.js`]: "alert(1)" },
    expected: [{ file: `${folder}/pagefind.js`, line: 0, column: 0, severity: "error" as const, code: "static-collision" }] })),
  { name: "an image: that is a script URL", files: { "posts/2024-2-1-a.md": "---\ntitle: A\nimage: javascript:alert(1)\n---\nA.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 8, severity: "warning", code: "image-share" }] },
  { name: "an image: that is a data URL", files: { "posts/2024-2-1-a.md": "---\ntitle: A\nimage: 'data:text/html,<script>alert(1)</script>'\n---\nA.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 8, severity: "warning", code: "image-share" }] },
  { name: "an image: the site does not have", files: { "posts/2024-2-1-a.md": "---\ntitle: A\nimage: /images/nada.png\n---\nA.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 8, severity: "warning", code: "image-share" }] },
  { name: "100,000 tags on one post", files: { "posts/2024-2-1-a.md": `---\ntitle: A\ntags: ${Array.from({ length: 100_000 }, (_, i) => `t${i}`).join(" ")}\n---\nA.\n` },
    expected: [{ file: "posts/2024-2-1-a.md", line: 3, column: 1, severity: "warning", code: "tags-many" }] },
  { name: "control characters in a post", files: { "posts/2024-2-1-a.md": "---\ntitle: \"Um \u0001 título\"\n---\nTexto \u0000 e \uffff.\n" },
    expected: [{ file: "posts/2024-2-1-a.md", line: 2, column: 12, severity: "warning", code: "control-character" }] },
];

describe("hostile input ends in a located diagnostic (npm run check, in-process)", () => {
  test.each(checkCases)("$name", ({ files, expected }) => {
    expect(check(site(files))).toEqual(expected);
  });

  test.each([
    { name: "a FIFO as _config.yml", make: (root: string) => run("mkfifo", [path.join(root, "_config.yml")]), code: "config-unreadable" },
    { name: "a symlink to /dev/zero as _config.yml", make: (root: string) => symlinkSync("/dev/zero", path.join(root, "_config.yml")), code: "config-unreadable" },
    { name: "a _config.yml over 1 MiB", make: (root: string) => writeFileSync(path.join(root, "_config.yml"), `description: ${"x".repeat(2 ** 20)}\n`), code: "too-large" },
  ])("$name is refused before it is read", async ({ make, code }) => {
    const root = copySite(".");
    rmSync(path.join(root, "_config.yml"));
    await make(root);
    expect(check(root)).toEqual([{ file: "_config.yml", line: 1, column: 1, severity: "error", code }]);
  });

  test("a sparse 3 GB post is refused by its size, unread", () => {
    const root = copySite(".");
    const fd = openSync(path.join(root, "posts/2024-2-1-enorme.md"), "w");
    writeFileSync(fd, "---\ntitle: A\n---\n");
    closeSync(fd);
    // A hole, not 3 GB of bytes: truncate extends the file without writing it.
    return run("truncate", ["-s", "3G", path.join(root, "posts/2024-2-1-enorme.md")]).then(() => {
      expect(check(root)).toEqual([{ file: "posts/2024-2-1-enorme.md", line: 1, column: 1, severity: "error", code: "too-large" }]);
    });
  });

  test("an image over 64 MiB is refused by its size, unread", async () => {
    const root = site({ "posts/2024-2-1-a.md": "---\ntitle: A\n---\nTexto.\n\n![foto](../images/enorme.png)\n" });
    await run("truncate", ["-s", "3G", path.join(root, "images/enorme.png")]);
    expect(check(root)).toEqual([{ file: "posts/2024-2-1-a.md", line: 6, column: 1, severity: "error", code: "image-unreadable" }]);
  });

  test("a FIFO among the posts is named, not opened", async () => {
    const root = copySite(".");
    await run("mkfifo", [path.join(root, "posts/2024-2-1-fifo.md")]);
    expect(check(root)).toEqual([{ file: "posts/2024-2-1-fifo.md", line: 0, column: 0, severity: "warning", code: "not-a-file" }]);
  });

  test("a file name with a line break cannot forge a second diagnostic line", () => {
    const line = formatDiagnostic({ file: "posts/a.md\nposts/b.md:1:1: error: forjado [x]", line: 1, column: 1, severity: "warning", code: "c", message: "m" });
    expect(line.split("\n")).toHaveLength(1);
    expect(parseDiagnostics(line)).toHaveLength(1);
  });
});

describe("hostile input through the command line (child processes)", () => {
  test("check --format json prints JSON whatever the input; a --pathprefix mistake blames the option", async () => {
    const root = site({ "_config.yml": CONFIG.replace("lang: pt-BR", `lang: 'x"><script>'`) });
    const json = await run(process.execPath, [CLI, "check", root, "--format", "json"], { cwd: root }).catch((err: { stdout: string }) => err);
    const parsed = JSON.parse(json.stdout) as { errors: number; diagnostics: Diagnostic[] };
    expect(parsed.diagnostics.map((d) => d.code)).toContain("config-value");
    expect(parsed.errors).toBe(1);

    const built = await buildSite(site({}), {}, ["--pathprefix", "../..", "--url", 'https://x" onmouseover=alert(1)'], { child: true });
    expect(built.code).toBe(1);
    expect(built.diagnostics.filter((d) => d.code === "config-value").map((d) => d.file).sort()).toEqual(["--pathprefix", "--url"]);
    expect(built.stderr).not.toMatch(/\n\s+at /);
  });

  test("npm run new with a 300-character title writes a file with a short name", async () => {
    const root = site({});
    const title = "Uma palavra ".repeat(25).trim();
    const { stdout } = await run(process.execPath, [CLI, "new", title, "--root", root], { cwd: root });
    const file = /Wrote (\S+)/.exec(stdout)![1]!;
    expect(path.basename(file).length).toBeLessThan(100);
    expect(readFileSync(path.join(root, file), "utf8")).toContain(title);
  });

  test("control characters never reach the feed or a page: the feed is well-formed XML", async () => {
    const root = site({ "posts/2024-2-1-a.md": "---\ntitle: \"Um \u0001 título\u000b\"\ndescription: \"Resumo \u001f\"\ntags: [\"t\u0002ag\"]\n---\nTexto \u0003 e \uffff.\n" });
    const result = await buildSite(root);
    expect(result.code).toBe(0);
    const xml = readFileSync(path.join(result.output, "feed.xml"), "utf8");
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    const feed = new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
    expect(feed.querySelector("parsererror")).toBeNull();
    expect([...feed.querySelectorAll("entry > title")].map((t) => t.textContent)).toContain("Um  título");
  });

  test("a truncated JPEG is an error at the line that shows it, once however many posts show it, and the previous _site/ stays", async () => {
    const root = site({});
    expect((await buildSite(root)).code).toBe(0);
    const before = snapshot(path.join(root, "_site"));
    const sharp = (await import("sharp")).default;
    const noise = Buffer.from(Array.from({ length: 400 * 300 * 3 }, (_, i) => (i * 7) % 251));
    const jpeg = await sharp(noise, { raw: { width: 400, height: 300, channels: 3 } }).jpeg().toBuffer();
    writeFileSync(path.join(root, "images/cortada.jpg"), jpeg.subarray(0, jpeg.length / 2));
    writeFileSync(path.join(root, "posts/2024-2-1-a.md"), "---\ntitle: A\n---\nTexto.\n\n![foto](../images/cortada.jpg)\n");
    // Encoded once: one error, at the newest post that shows it, not one per post.
    writeFileSync(path.join(root, "posts/2024-2-2-b.md"), "---\ntitle: B\n---\n![a mesma foto](../images/cortada.jpg)\n");
    const result = await buildSite(root);
    expect(result.code).toBe(1);
    expect(result.diagnostics.filter((d) => d.code === "image-unreadable").map(({ file, line, column }) => ({ file, line, column })))
      .toEqual([{ file: "posts/2024-2-2-b.md", line: 4, column: 1 }]);
    expect(snapshot(path.join(root, "_site"))).toEqual(before);
  });
});

describe("npm run import of a hostile Jekyll site", () => {
  function jekyllSite(): string {
    const from = temporarySite("blog-jekyll-");
    mkdirSync(path.join(from, "_posts"));
    writeFileSync(path.join(from, "_posts/2024-2-1-a.md"), "---\ntitle: A\n---\nTexto.\n");
    return from;
  }

  test("_posts/ and _drafts/ that are symlinks, links and FIFOs inside them: nothing followed or opened, each named", async () => {
    const from = jekyllSite();
    const outside = temporarySite("blog-outside-");
    writeFileSync(path.join(outside, "shadow"), "segredo");
    symlinkSync(outside, path.join(from, "_drafts"));
    symlinkSync(path.join(outside, "shadow"), path.join(from, "_posts/2024-2-2-link.md"));
    await run("mkfifo", [path.join(from, "_posts/2024-2-3-fifo.md")]);
    mkdirSync(path.join(from, "assets"));
    symlinkSync(path.join(outside, "shadow"), path.join(from, "assets/shadow.txt"));
    symlinkSync(outside, path.join(from, "uploads"));
    const to = temporarySite("blog-to-");
    const report = importJekyll(from, to);
    expect(report.skipped.map((s) => s.file).sort()).toEqual(["_drafts", "_posts/2024-2-2-link.md", "_posts/2024-2-3-fifo.md", "assets/shadow.txt", "uploads"]);
    expect(report.staticFolders).toEqual(["assets"]);
    expect(report.copied).toContain("posts/2024-2-1-a.md");
    expect(JSON.stringify(snapshot(to))).not.toContain(Buffer.from("segredo").toString("base64"));
    expect(formatImportReport(report).filter((l) => l.startsWith("Not imported:"))).toHaveLength(5);
  });

  test("the generator's own folders are never targets nor static folders", () => {
    const from = jekyllSite();
    for (const folder of ["src", "test", "bin", "layouts", "node_modules", "_site"]) {
      mkdirSync(path.join(from, folder));
      writeFileSync(path.join(from, folder, "intruso.test.ts"), "throw new Error('imported code ran');\n");
    }
    const to = temporarySite("blog-to-");
    const report = importJekyll(from, to);
    expect(report.staticFolders).toEqual([]);
    expect(report.copied.filter((f) => f.includes("intruso"))).toEqual([]);
    expect(report.skipped.map((s) => s.file).sort()).toEqual(["bin", "layouts", "src", "test"]);
    expect(readFileSync(path.join(to, "_config.yml"), "utf8")).not.toMatch(/src|test|layouts/);
  });

  test("hostile values in the Jekyll _config.yml: the copy is reported and the values are diagnostics", () => {
    const from = jekyllSite();
    writeFileSync(path.join(from, "_config.yml"), `lang: 'x"><script>'\nbaseurl: ../..\n`);
    const to = temporarySite("blog-to-");
    const report = importJekyll(from, to);
    expect(report.copied).toContain("posts/2024-2-1-a.md");
    expect(report.diagnostics.filter((d) => d.file === "_config.yml").map((d) => d.code)).toEqual(["config-value", "config-value"]);
  });
});

describe("no file of the site runs as code", () => {
  test("a *.11ty.js anywhere and a _data/*.cjs (an imported Jekyll site could hold them) are never run; a static one is copied as a file", async () => {
    const root = copySite(".");
    const marker = (name: string) => `require("node:fs").writeFileSync(${JSON.stringify(path.join(root, name))}, "ran"); module.exports = { render: () => "x" };`;
    writeFileSync(path.join(root, "pagina.11ty.cjs"), marker("RAN-1"));
    writeFileSync(path.join(root, "posts/outra.11ty.cjs"), marker("RAN-2"));
    mkdirSync(path.join(root, "images/js"));
    writeFileSync(path.join(root, "images/js/x.11ty.cjs"), marker("RAN-3"));
    mkdirSync(path.join(root, "_data"));
    writeFileSync(path.join(root, "_data/site.cjs"), marker("RAN-4"));
    const site = await buildSite(root);
    expect(site.code).toBe(0);
    expect(readdirSync(root).filter((name) => name.startsWith("RAN-"))).toEqual([]);
    expect(readFileSync(path.join(site.output, "images/js/x.11ty.cjs"), "utf8")).toContain("writeFileSync");
  });
});

describe("the live preview's request paths", () => {
  test.each([
    ["/", true], ["/2024/01/31/aws-network/", true], ["/tags/a%C3%A7%C3%A3o/", true], ["/img/x.png?v=1", true],
    ["/..%2F_site-private/secret.txt", false], ["/..%2f..%2fetc%2fpasswd", false], ["/%E0%A4%A", false],
    ["/a/..%2F..%2Fetc", false], ["/a%5c..%5c..%5cetc", false], ["/a%00.html", false],
  ])("%s is served: %s", (url, safe) => {
    expect(isSafeRequestPath(url)).toBe(safe);
  });
});

describe("a failure that is not a diagnostic is one line, with what to do", () => {
  const errno = (code: string, file: string) => Object.assign(new Error(`${code}: failed, write '${file}'`), { code, path: file });
  test.each([
    [errno("ENOSPC", "_site.building-1/a.html"), "the disk is full (_site.building-1/a.html); free some space and build again"],
    [new Error("Eleventy failed", { cause: errno("EACCES", "posts/a.md") }), "permission denied (posts/a.md); check that you may read the site and write its folder"],
    [new Error("first line\n    at stack (x.js:1:1)"), "first line"],
  ])("%s", (err, line) => {
    expect(describeFailure(err)).toBe(line);
  });
});
