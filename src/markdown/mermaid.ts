import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type MarkdownIt from "markdown-it";
import type { RenderEnv } from "./env.ts";

/**
 * ```mermaid blocks, as GitHub shows them: the diagram's text in a `<pre class="mermaid">`, which
 * mermaid's script (loaded only by the pages that have one) draws; without the script, the text.
 */
export function mermaidRule(md: MarkdownIt): void {
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (token.info.trim().split(/\s+/)[0] !== "mermaid") return fence(tokens, idx, options, env, self);
    (env as RenderEnv).diagrams = ((env as RenderEnv).diagrams ?? 0) + 1;
    return `<pre class="mermaid">${md.utils.escapeHtml(token.content)}</pre>\n`;
  };
}

const dist = path.dirname(createRequire(import.meta.url).resolve("mermaid/dist/mermaid.esm.min.mjs"));

/** Where mermaid's module is published, beside the chunks it imports. */
export const MERMAID_MODULE = "/mermaid/mermaid.esm.min.mjs";

/** mermaid's ES module and its chunks (each diagram type is one, fetched only when a page draws it). */
export function mermaidFiles(): { from: string; permalink: string }[] {
  const chunks = path.join(dist, "chunks/mermaid.esm.min");
  return [
    { from: path.join(dist, "mermaid.esm.min.mjs"), permalink: MERMAID_MODULE },
    ...readdirSync(chunks).filter((f) => f.endsWith(".mjs")).map((f) => ({ from: path.join(chunks, f), permalink: `/mermaid/chunks/mermaid.esm.min/${f}` })),
  ];
}
