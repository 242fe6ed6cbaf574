#!/usr/bin/env node
// Entry point of `npm run build`. Our TypeScript runs as the bundle bin/bundle.mjs keeps of it, or,
// when that cannot be made, through tsx.
// A build imports each module once, so Eleventy's hook that re-imports edited JavaScript in watch
// mode (its ESM resolver: on Node 20 one more loader thread to start and cross) is switched off by
// Eleventy's own setting: about 0.1 s of each build. The preview keeps it.
import { pathToFileURL } from "node:url";
import { bundledCli } from "./bundle.mjs";

if (process.argv[2] === "build") process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
const cli = await bundledCli();
if (cli) {
  await import(pathToFileURL(cli).href);
} else {
  // Through tsx, Eleventy and its ~200 modules are imported before its loader hooks are registered:
  // on Node 20 those hooks run on another thread and every module resolution crosses to it, which
  // cost a third of a second per build. The packages every build of ours loads are imported first
  // for the same reason (another 0.1 s); those only some runs need (sharp and Eleventy Image,
  // required when an image or a card is made: src/native.ts; opentype.js for the cards, Pagefind,
  // the preview's server) are loaded where they are used. From the bundle, importing them first
  // made no difference (warm 1,000-post builds, eight alternated pairs: 1.41 and 1.42 s).
  if (["build", "serve"].includes(process.argv[2])) {
    await import("@11ty/eleventy");
    await Promise.all([
      "markdown-it", "markdown-it-abbr", "markdown-it-attrs", "markdown-it-deflist", "markdown-it-emoji", "markdown-it-footnote",
      "markdown-it-task-lists", "@vscode/markdown-it-katex", "katex", "highlight.js/lib/core", "gray-matter", "js-yaml", "htmlparser2",
      "@sindresorhus/slugify", "github-slugger", "fastest-levenshtein", "luxon", "p-map", "srcset",
    ].map((name) => import(name)));
  }
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli.ts");
}
