import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildSite, CLI, copySite, PROJECT, temporarySite } from "./helpers/site.ts";

let root: string;
let server: ChildProcess;
let log = "";
let base: string;
/** The server's temp folder (its TMPDIR): Eleventy's empty input folder is made there. */
let tmp: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the server said:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(base + url);
  return { status: response.status, text: await response.text() };
}

const servedWith = (url: string, needle: string) => async () => {
  const { status, text } = await fetchText(url).catch(() => ({ status: 0, text: "" }));
  return status === 200 && text.includes(needle) ? text : undefined;
};

beforeAll(async () => {
  root = copySite(".");
  // Started over a built site, whose .br/.gz copies would go stale as the preview rewrites pages.
  expect((await buildSite(root)).code).toBe(0);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // Started from another folder than the site: the watcher's paths must still be understood.
  tmp = temporarySite("blog-serve-tmp-");
  server = spawn(process.execPath, [CLI, "serve", root, "--port", String(port)], { cwd: PROJECT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TMPDIR: tmp } });
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  await until("the server", () => (log.includes("Server at") ? true : undefined), 60_000);
  // The watcher starts scanning after the server is up.
  await new Promise((r) => setTimeout(r, 1500));
});

afterAll(() => {
  server?.kill("SIGINT");
});

test("the live preview serves posts, rebuilds on edit, shows a mistake in the browser until it is fixed, and follows new and deleted posts", async () => {
  await until("the article", servedWith("/2024/01/31/aws-network/", "AWS - Network"));
  expect(readdirSync(path.join(root, "_site"), { recursive: true }).map(String).filter((f) => /\.(br|gz)$/.test(f))).toEqual([]);

  const file = path.join(root, "posts/2022-7-19-aplicacoes-escalaveis.md");
  const original = readFileSync(file, "utf8");
  writeFileSync(file, original.replace("Uma aplicação escalável", "Uma aplicação EDITADA escalável"));
  await until("the edit", servedWith("/2022/07/19/aplicacoes-escalaveis/", "EDITADA"));
  // The edit is in the post's first paragraph, its excerpt: the lists that show it are written too.
  await until("the home page's excerpt", servedWith("/", "EDITADA"));
  await until("the tag page's excerpt", servedWith("/tags/infra/", "EDITADA"));
  // A new title is a new social card, drawn by the preview.
  writeFileSync(file, original.replace("Uma aplicação escalável", "Uma aplicação EDITADA escalável").replace("title: Aplicações escaláveis", "title: Aplicações RENOMEADAS"));
  const renamed = await until("the new title", servedWith("/2022/07/19/aplicacoes-escalaveis/", "RENOMEADAS"));
  const card = new URL(/<meta property="og:image" content="([^"]+)"/.exec(renamed)![1]!).pathname;
  expect((await fetch(base + card)).status).toBe(200);
  await until("the home page's title", servedWith("/", "RENOMEADAS"));

  const before = log.length;
  writeFileSync(file, original.replace("title: Aplicações escaláveis", "title: [quebrado"));
  await until("the diagnostic", () => (/posts\/2022-7-19-aplicacoes-escalaveis\.md:\d+:\d+: error: .*\[front-matter-yaml\]/.test(log.slice(before)) ? true : undefined));
  // While the mistake stands, the browser is told what it is, where; the last good page stays on disk.
  const shown = await until("the error page", async () => {
    const page = await fetchText("/2022/07/19/aplicacoes-escalaveis/");
    return page.status === 500 ? page : undefined;
  });
  expect(shown.text).toMatch(/posts\/2022-7-19-aplicacoes-escalaveis\.md:\d+:\d+: error: .*\[front-matter-yaml\]/);
  expect(JSON.parse((await fetchText("/__blog/status")).text)).toEqual({ failed: 1 });
  expect(readFileSync(path.join(root, "_site/2022/07/19/aplicacoes-escalaveis/index.html"), "utf8")).toContain("EDITADA");

  writeFileSync(file, original.replace("Uma aplicação escalável", "Uma aplicação CONSERTADA escalável"));
  await until("the fix", servedWith("/2022/07/19/aplicacoes-escalaveis/", "CONSERTADA"));
  expect(JSON.parse((await fetchText("/__blog/status")).text)).toEqual({ failed: 0 });

  const added = path.join(root, "posts/2024-5-1-novo-post.md");
  writeFileSync(added, "---\ntitle: Um post novo\ntags: novidade\n---\nTexto novo.\n");
  await until("the new post", servedWith("/2024/05/01/novo-post/", "Um post novo"));
  await until("the home page listing it", servedWith("/", "/2024/05/01/novo-post/"));
  await until("its tag page", servedWith("/tags/novidade/", "Um post novo"));

  // posts/ is watched with its folders, new ones too.
  mkdirSync(path.join(root, "posts/2024"));
  writeFileSync(path.join(root, "posts/2024/2024-6-1-numa-pasta.md"), "---\ntitle: Numa pasta nova\n---\nTexto.\n");
  await until("the post in a new folder", servedWith("/2024/06/01/numa-pasta/", "Numa pasta nova"));

  rmSync(added);
  await until("the deleted post's page to go", async () => ((await fetchText("/2024/05/01/novo-post/")).status === 404 ? true : undefined));
  await until("the home page without it", async () => ((await fetchText("/")).text.includes("novo-post") ? undefined : true));
});

test("the preview listens on this machine only, serves only _site/ and answers a bad path with 400", async () => {
  const port = Number(new URL(base).port);
  // /proc/net/tcp{,6}: listening sockets (state 0A) by local address; 0100007F is 127.0.0.1.
  const listening = ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((table) => readFileSync(table, "utf8").split("\n").slice(1))
    .map((line) => line.trim().split(/\s+/)).filter((f) => f[3] === "0A" && f[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, "0")}`))
    .map((f) => f[1]!.split(":")[0]);
  expect(listening).toEqual(["0100007F"]);

  mkdirSync(path.join(root, "_site-private"), { recursive: true });
  writeFileSync(path.join(root, "_site-private/secret.txt"), "segredo");
  for (const url of ["/..%2F_site-private/secret.txt", "/..%2f..%2fetc%2fpasswd", "/%E0%A4%A"]) {
    const { status, text } = await fetchText(url);
    expect({ url, status, leaked: text.includes("segredo") || text.includes("root:") }).toEqual({ url, status: 400, leaked: false });
  }
  expect((await fetchText("/")).status).toBe(200);
});

test("stopped by a process manager (SIGTERM), the preview exits and leaves nothing in the temp folder", async () => {
  // (tsx keeps its compile cache there too.)
  const ours = () => readdirSync(tmp).filter((name) => name.startsWith("blog-"));
  expect(ours()).toHaveLength(1);
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(ours()).toEqual([]);
});
