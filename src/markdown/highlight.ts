import { createRequire } from "node:module";
import type { HLJSApi, LanguageFn } from "highlight.js";

const require = createRequire(import.meta.url);

// The languages technical posts use; each registers its own aliases (sh, yml, ts, py, docker, html, toml…).
const LANGUAGES = ["bash", "c", "cpp", "csharp", "css", "diff", "dockerfile", "go", "ini", "java", "javascript", "json", "kotlin", "markdown", "nginx", "php", "python", "ruby", "rust", "shell", "sql", "typescript", "xml", "yaml"];

let hljs: HLJSApi | undefined;
/** highlight.js with those languages, required when the first code block is coloured (src/markdown/index.ts). */
function highlighter(): HLJSApi {
  if (!hljs) {
    hljs = require("highlight.js/lib/core") as HLJSApi;
    for (const name of LANGUAGES) hljs.registerLanguage(name, require(`highlight.js/lib/languages/${name}`) as LanguageFn);
  }
  return hljs;
}

/**
 * markdown-it's `highlight` option: fenced code coloured at build time, no client JavaScript.
 * An unknown language (or none) returns "" and markdown-it escapes the code as plain text.
 */
export function highlightCode(code: string, language: string): string {
  const name = language.trim().toLowerCase();
  if (name === "") return "";
  const hljs = highlighter();
  if (!hljs.getLanguage(name)) return "";
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
