import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { bundledCli } from "../bin/bundle.mjs";
import { PROJECT, temporarySite } from "./helpers/site.ts";

/** A copy of our TypeScript (what the bundle is made from) in a folder of its own. */
function copySources(): string {
  const project = temporarySite("blog-sources-");
  for (const part of ["src", "layouts", ".eleventy.ts"]) cpSync(path.join(PROJECT, part), path.join(project, part), { recursive: true });
  return project;
}

describe("the bundle a run starts from (bin/bundle.mjs)", () => {
  test("is made once, kept while its sources are unchanged, and made again when one changes", async () => {
    const project = copySources();
    const cache = path.join(project, "cache");
    const first = await bundledCli({ project, cache });
    expect(first).toBeDefined();
    expect(existsSync(first!)).toBe(true);
    expect(await bundledCli({ project, cache })).toBe(first);
    // A layout, not an entry: found through the imports.
    appendFileSync(path.join(project, "layouts/lists.ts"), "\n// edited\n");
    const second = await bundledCli({ project, cache });
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(existsSync(second!)).toBe(true);
    expect(await bundledCli({ project, cache })).toBe(second);
    // Another checkout of the same files, sharing the folder (a linked node_modules), gets its own.
    const other = copySources();
    appendFileSync(path.join(other, "layouts/lists.ts"), "\n// edited\n");
    const third = await bundledCli({ project: other, cache });
    expect(third).toBeDefined();
    expect(third).not.toBe(second);
  });

  test("bundles made over a day ago are removed when another is made, but not the current one", async () => {
    const project = copySources();
    const cache = path.join(project, "cache");
    const first = path.dirname((await bundledCli({ project, cache }))!);
    const dayAndMore = new Date(Date.now() - 25 * 60 * 60 * 1000);
    const left = path.join(cache, "left-by-a-killed-run");
    mkdirSync(left);
    for (const folder of [first, left]) utimesSync(folder, dayAndMore, dayAndMore);
    appendFileSync(path.join(project, "src/labels.ts"), "\n// edited\n");
    const second = path.dirname((await bundledCli({ project, cache }))!);
    expect(existsSync(left)).toBe(false);
    expect(existsSync(first)).toBe(true);
    utimesSync(second, dayAndMore, dayAndMore);
    appendFileSync(path.join(project, "src/labels.ts"), "\n// edited again\n");
    const third = path.dirname((await bundledCli({ project, cache }))!);
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(true);
    expect(existsSync(third)).toBe(true);
  });

  test("names the Eleventy config made beside it, and each module's own source file as its URL", async () => {
    const project = copySources();
    const cli = await bundledCli({ project, cache: path.join(project, "cache") });
    const folder = path.dirname(cli!);
    const code = readdirSync(folder).map((f) => readFileSync(path.join(folder, f), "utf8")).join("\n");
    expect(code).toContain(JSON.stringify(path.join(folder, "eleventy.mjs")));
    expect(existsSync(path.join(folder, "eleventy.mjs"))).toBe(true);
    // layouts/base.ts finds style.css beside itself.
    expect(code).toContain(JSON.stringify(pathToFileURL(path.join(project, "layouts/base.ts")).href));
    expect(code).not.toContain("import.meta.url");
  });

  test("is not made when it cannot be (a file where its folder goes, a syntax error): the run goes through tsx", async () => {
    const project = copySources();
    const blocked = path.join(project, "not-a-folder");
    writeFileSync(blocked, "");
    expect(await bundledCli({ project, cache: path.join(blocked, "cache") })).toBeUndefined();
    writeFileSync(path.join(project, "src/labels.ts"), "export const = ;\n");
    expect(await bundledCli({ project, cache: path.join(project, "cache") })).toBeUndefined();
  });
});
