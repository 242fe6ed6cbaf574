// npm run bench -- --posts 1000,4000 [--runs 3] [--serve] [--write] [--photos 124,200]
// npm run bench -- --encode <folder of images>: encoder settings against time and bytes (scripts/encode.ts)
// npm run bench -- --cards 500: social cards, time a card and bytes by format (scripts/cards.ts)
// Builds one generated corpus with each engine, alternately, in one run; prints medians and ratios.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type CorpusFile, generateCorpus, writeJekyllSite, writePhotoSite } from "./corpus.ts";

const PROJECT = path.resolve(import.meta.dirname, "..");
const WORK = path.join(PROJECT, ".bench");
/** Our build, as `npm run build` runs it (package.json), in the site's folder. */
const BUILD = [process.execPath, "--expose-gc", path.join(PROJECT, "bin/blog.mjs"), "build", "."];
const { values } = parseArgs({
  options: {
    posts: { type: "string", default: "1000,4000" },
    runs: { type: "string", default: "3" },
    serve: { type: "boolean", default: false },
    write: { type: "boolean", default: false },
    // A photo blog (posts,images at real sizes), ours alone: cold and warm builds.
    photos: { type: "string" },
    encode: { type: "string" },
    cards: { type: "string" },
  },
});
if (values.cards) {
  const { measureCards } = await import("./cards.ts");
  await measureCards(Number(values.cards));
  process.exit(0);
}
if (values.encode) {
  const { measureEncoding } = await import("./encode.ts");
  await measureEncoding(values.encode);
  process.exit(0);
}
const sizes = values.posts.split(",").map(Number);
const runs = Number(values.runs);

interface Sample { wall: number; cpu: number; rss: number; pages: number }
/**
 * `warm`: the previous build's output (and ours, its cache in .cache/) is left in place.
 * `before`: done before each timed build, untimed (an edit for the "one post edited" case).
 */
interface Engine { name: string; root: string; output: string; command: string[]; warm?: boolean; before?: () => void }

function countPages(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".html")).length;
}

/**
 * The resident memory of a process and all its descendants (Pagefind's process too), in KiB, from
 * /proc. A child that still runs its parent's command line is a fork that has not started its own
 * program yet: its pages are the parent's, shared, and VmRSS counts them in both (a sample caught
 * one at 541 and 625 MiB, the build's whole heap, in two of two cold builds of the photo blog).
 * It is not counted.
 */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(name), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(Number(name));
    } catch {
      // Gone between the listing and the read.
    }
  }
  const commandLine = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "latin1");
    } catch {
      return undefined;
    }
  };
  let total = rss.get(root) ?? 0;
  for (const stack = [root]; stack.length > 0;) {
    const pid = stack.pop()!;
    const own = commandLine(pid);
    for (const child of children.get(pid) ?? []) {
      if (commandLine(child) !== own) total += rss.get(child) ?? 0;
      stack.push(child);
    }
  }
  return total;
}

/**
 * One build under GNU time, cold unless the engine is warm: wall and CPU seconds, and the peak of
 * the whole process tree's resident memory (every child process summed), sampled every 20 ms.
 */
async function measure(engine: Engine): Promise<Sample> {
  if (!engine.warm) {
    // As a fresh clone: no output, no cache, and no spare output (src/build.ts, setAside) once its sparer is done.
    await removersDone();
    for (const leftover of [engine.output, `${engine.output}.spare`, path.join(engine.root, ".cache")]) rmSync(leftover, { recursive: true, force: true });
  }
  engine.before?.();
  // Our build empties the output it replaced after it returns, in a process of its own (src/build.ts):
  // no build is timed while one is at work, as no build pays for another's disk writeback (sync).
  await removersDone();
  spawnSync("sync");
  const stats = path.join(WORK, "time.txt");
  const child = spawn("/usr/bin/time", ["-o", stats, "-f", "%e %U %S", ...engine.command], { cwd: engine.root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 20);
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(sampler);
  if (status !== 0) throw new Error(`${engine.name} failed:\n${stderr.slice(-2000)}`);
  const [wall, user, sys] = readFileSync(stats, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  return { wall: wall!, cpu: user! + sys!, rss: peak / 1024, pages: countPages(engine.output) };
}

/**
 * Waits until no site in the bench's folder has a `_site.trash-*` left (emptied and renamed, or
 * removed: work counted by no build); one still there after two minutes (its remover killed) is
 * removed here.
 */
async function removersDone(): Promise<void> {
  const pending = () => readdirSync(WORK, { withFileTypes: true }).filter((site) => site.isDirectory()).flatMap((site) =>
    readdirSync(path.join(WORK, site.name)).filter((name) => name.startsWith("_site.trash-")).map((name) => path.join(WORK, site.name, name)));
  const deadline = Date.now() + 120_000;
  while (pending().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const folder of pending()) rmSync(folder, { recursive: true, force: true });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function writeBareSite(root: string, posts: CorpusFile[], image: string): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, "posts"), { recursive: true });
  mkdirSync(path.join(root, "_includes"), { recursive: true });
  mkdirSync(path.join(root, "images"), { recursive: true });
  cpSync(image, path.join(root, "images/nodes.png"));
  cpSync(path.join(PROJECT, "scripts/bare/post.njk"), path.join(root, "_includes/post.njk"));
  cpSync(path.join(PROJECT, "scripts/bare/tags.njk"), path.join(root, "tags.njk"));
  cpSync(path.join(PROJECT, "scripts/bare/index.njk"), path.join(root, "index.njk"));
  writeFileSync(path.join(root, "posts/posts.json"), JSON.stringify({ tags: ["posts"] }));
  // Eleventy reads a tags string as one tag, so the same tags are given as a list: same pages written.
  for (const p of posts) {
    writeFileSync(path.join(root, p.file), `---\nlayout: post\ntitle: ${JSON.stringify(p.title)}\ntags: ${JSON.stringify(p.tags)}\n---\n${p.body}`);
  }
}

function writeHugoSite(root: string, posts: CorpusFile[], image: string): void {
  rmSync(root, { recursive: true, force: true });
  cpSync(path.join(PROJECT, "scripts/hugo"), root, { recursive: true });
  mkdirSync(path.join(root, "content/posts"), { recursive: true });
  mkdirSync(path.join(root, "static/images"), { recursive: true });
  cpSync(image, path.join(root, "static/images/nodes.png"));
  for (const p of posts) {
    const [y, m, d] = p.date.split("-");
    const date = `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
    const slug = path.basename(p.file, ".md").split("-").slice(3).join("-");
    writeFileSync(path.join(root, "content", p.file), `---\ntitle: ${JSON.stringify(p.title)}\ndate: ${date}\nslug: ${slug}\ntags: ${JSON.stringify(p.tags)}\n---\n${p.body}`);
  }
}

/** What the live preview was timed doing, each in ms (measureServe). */
interface ServeTimes { text: number[]; title: number[]; added: number[]; deleted: number[] }

/**
 * Live preview: time from writing one post to its new HTML on disk, with `npm run serve` running:
 * five edits to a post's text, then five to a post's title (a new card, every list showing it),
 * then three new posts, each deleted after (timed to its page gone). A new post is the newest:
 * every home page after the first changes.
 */
async function measureServe(root: string, posts: CorpusFile[]): Promise<ServeTimes> {
  const server = spawn(process.execPath, [path.join(PROJECT, "bin/blog.mjs"), "serve", ".", "--port", "8391"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  const until = async (done: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!done()) {
      if (Date.now() > end) throw new Error(`timed out; server said:\n${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    await until(() => log.includes("Server at"), 120_000);
    // The watcher scans the posts after the server is up; an edit before that is not seen.
    await new Promise((r) => setTimeout(r, 3000));
    const samples: ServeTimes = { text: [], title: [], added: [], deleted: [] };
    for (let i = 0; i < 10; i++) {
      const post = posts[(i * 997) % posts.length]!;
      const html = path.join(root, "_site", htmlPathOf(post));
      const marker = `Editado ${i} ${Date.now()}`;
      const source = path.join(root, post.file);
      const text = readFileSync(source, "utf8");
      const started = performance.now();
      writeFileSync(source, i < 5 ? text.replace(/\n---\n/, `\n---\n${marker}\n\n`) : text.replace(/^title: "/m, `title: "${marker} `));
      await until(() => existsSync(html) && readFileSync(html, "utf8").includes(marker), 60_000);
      samples[i < 5 ? "text" : "title"].push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 300));
    }
    for (let i = 1; i <= 3; i++) {
      const source = path.join(root, NEW_POST(i));
      const html = path.join(root, "_site", htmlPathOf({ date: `2030-1-${i}`, file: NEW_POST(i) }));
      let started = performance.now();
      writeFileSync(source, `---\ntitle: "Novo ${i}"\ntags: [redes]\n---\nUm post novo.\n`);
      await until(() => existsSync(html), 60_000);
      samples.added.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 300));
      started = performance.now();
      rmSync(source);
      await until(() => !existsSync(html), 60_000);
      samples.deleted.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 300));
    }
    return samples;
  } finally {
    for (let i = 1; i <= 3; i++) rmSync(path.join(root, NEW_POST(i)), { force: true });
    process.kill(-server.pid!, "SIGTERM");
  }
}

/** The posts measureServe adds, dated after every post of the corpus. */
const NEW_POST = (i: number) => `posts/2030-1-${i}-novo-${i}.md`;

let edits = 0;
/** Appends a paragraph to one post (another each time), as an author's edit. */
function editPost(root: string, posts: CorpusFile[]): void {
  const file = path.join(root, posts[(edits++ * 7919) % posts.length]!.file);
  writeFileSync(file, `${readFileSync(file, "utf8")}\nParágrafo acrescentado na edição ${edits}.\n`);
}

function htmlPathOf(post: Pick<CorpusFile, "date" | "file">): string {
  const [y, m, d] = post.date.split("-");
  const slug = path.basename(post.file, ".md").split("-").slice(3).join("-");
  return `${y}/${m!.padStart(2, "0")}/${d!.padStart(2, "0")}/${slug}/index.html`;
}

const hasHugo = spawnSync("hugo", ["version"]).status === 0;
const image = path.join(PROJECT, "images/nodes.png");
const results: Record<string, unknown>[] = [];
mkdirSync(WORK, { recursive: true });
console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}` +
  `${hasHugo ? `, ${execFileSync("hugo", ["version"], { encoding: "utf8" }).split(" ").slice(0, 2).join(" ")}` : ", no hugo on PATH"}`);

for (const n of sizes) {
  const posts = generateCorpus(n);
  const ours = path.join(WORK, `ours-${n}`);
  const bare = path.join(WORK, `bare-${n}`);
  const hugo = path.join(WORK, `hugo-${n}`);
  writeJekyllSite(ours, posts, image);
  writeBareSite(bare, posts, image);
  const engines: Engine[] = [
    { name: "ours", root: ours, output: path.join(ours, "_site"), command: BUILD },
    // Every build after the first: the last _site/ is there, and its image versions are reused.
    { name: "ours, warm", root: ours, output: path.join(ours, "_site"), command: BUILD, warm: true },
    // The same, after one post's text was edited: its page and the search index are made again.
    { name: "ours, 1 edited", root: ours, output: path.join(ours, "_site"), command: BUILD, warm: true, before: () => editPost(ours, posts) },
    { name: "bare eleventy", root: bare, output: path.join(bare, "_site"), command: [process.execPath, path.join(PROJECT, "node_modules/@11ty/eleventy/cmd.cjs"), `--config=${path.join(PROJECT, "scripts/bare/eleventy.config.cjs")}`, "--input=.", "--output=_site", "--quiet"] },
    { name: "floor", root: ours, output: path.join(WORK, `floor-${n}`), command: [process.execPath, path.join(PROJECT, "scripts/floor.mjs"), ".", path.join(WORK, `floor-${n}`)] },
  ];
  if (hasHugo) {
    writeHugoSite(hugo, posts, image);
    engines.push({ name: "hugo", root: hugo, output: path.join(hugo, "public"), command: ["hugo", "--quiet", "--source", "."] });
  }
  const samples = new Map<string, Sample[]>(engines.map((e) => [e.name, []]));
  spawnSync(BUILD[0]!, BUILD.slice(1), { cwd: ours, stdio: "ignore" });
  for (let r = 0; r < runs; r++) {
    // Alternate, and rotate the order, so that drift on the machine falls on every engine alike.
    for (let k = 0; k < engines.length; k++) {
      const engine = engines[(k + r) % engines.length]!;
      samples.get(engine.name)!.push(await measure(engine));
    }
  }
  const rows = engines.map((e) => {
    const s = samples.get(e.name)!;
    const wall = median(s.map((x) => x.wall));
    return { engine: e.name, wall, cpu: median(s.map((x) => x.cpu)), rss: median(s.map((x) => x.rss)), pages: s[0]!.pages, msPerPage: (wall * 1000) / s[0]!.pages };
  });
  const ourWall = rows[0]!.wall;
  const warmWall = rows[1]!.wall;
  console.log(`\n${n} posts, median of ${runs} builds each (cold: no _site/ and no .cache/; warm: both left from the last build)`);
  console.log("engine          wall s   cpu s   peak MiB   ms/page   pages   ours ÷ engine   ours warm ÷ engine");
  for (const row of rows) {
    const ratio = (ours: number) => (row.engine.startsWith("ours") ? "" : (ours / row.wall).toFixed(2));
    console.log(`${row.engine.padEnd(14)} ${row.wall.toFixed(2).padStart(7)} ${row.cpu.toFixed(2).padStart(7)} ${row.rss.toFixed(0).padStart(10)} ${row.msPerPage.toFixed(2).padStart(9)} ${String(row.pages).padStart(7)}   ${ratio(ourWall).padStart(13)}   ${ratio(warmWall).padStart(18)}`);
  }
  const result: Record<string, unknown> = { posts: n, runs, rows };
  if (values.serve) {
    const { text, title, added, deleted } = await measureServe(ours, posts);
    const line = (edits: number[], what = "new HTML on disk") => `${what} after ${edits.map((t) => t.toFixed(0)).join(", ")} ms (median ${median(edits).toFixed(0)} ms)`;
    console.log(`live preview, one post edited: ${line(text)}`);
    console.log(`live preview, one post's title edited: ${line(title)}`);
    console.log(`live preview, a new post: ${line(added, "its page on disk")}`);
    console.log(`live preview, that post deleted: ${line(deleted, "its page gone")}`);
    Object.assign(result, { serve: text, serveTitle: title, serveAdded: added, serveDeleted: deleted });
  }
  results.push(result);
}
if (values.photos) {
  const [posts = 124, count = 200] = values.photos.split(",").map(Number);
  const root = path.join(WORK, `photos-${posts}-${count}`);
  await writePhotoSite(root, posts, count);
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  for (let r = 0; r < runs; r++) {
    cold.push(await measure({ name: "photos", root, output: path.join(root, "_site"), command: BUILD }));
    warm.push(await measure({ name: "photos, warm", root, output: path.join(root, "_site"), command: BUILD, warm: true }));
  }
  const line = (name: string, s: Sample[]) =>
    `${name.padEnd(14)} ${median(s.map((x) => x.wall)).toFixed(2).padStart(7)} ${median(s.map((x) => x.cpu)).toFixed(2).padStart(7)} ${median(s.map((x) => x.rss)).toFixed(0).padStart(10)}`;
  console.log(`
photo blog: ${posts} posts, ${count} images at 3–12 MP (JPEG) and 1–2 MP (PNG), median of ${runs}`);
  console.log("build           wall s   cpu s   peak MiB");
  console.log(line("cold", cold));
  console.log(line("warm", warm));
  writeFileSync(path.join(WORK, "photos.json"), JSON.stringify({ posts, images: count, runs, cold, warm }, null, 2));
}
writeFileSync(path.join(WORK, "results.json"), JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, date: new Date().toISOString(), results }, null, 2));
if (values.write) {
  const { writeReport } = await import("./report.ts");
  writeReport(path.join(WORK, "results.json"), PROJECT);
}
