#!/usr/bin/env node
// Entry point of `npm run build`. Eleventy and its ~200 modules are imported before tsx's loader
// hooks are registered: on Node 20 those hooks run on another thread and every module resolution
// crosses to it, which cost a third of a second per build. Our own TypeScript then runs through tsx.
if (["build", "serve"].includes(process.argv[2])) await import("@11ty/eleventy");
const { register } = await import("tsx/esm/api");
register();
await import("../src/cli.ts");
