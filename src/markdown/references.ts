import type MarkdownIt from "markdown-it";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import type Token from "markdown-it/lib/token.mjs";
import { forEachInline, lineAt, locate, type RenderEnv } from "./env.ts";
import { reportMissing, resolveLink } from "./links.ts";

interface Definition {
  label: string;
  /** 0-based line in the body. */
  line: number;
}

interface UndefinedUse {
  tokens: Token[];
  offset: number;
  text: string;
}

interface ReferenceState {
  definitions: Definition[];
  defined: Set<string>;
  used: Set<string>;
  undefinedUses: UndefinedUse[];
  refused: UndefinedUse[];
}

type InlineRule = (state: StateInline, silent: boolean) => boolean;

function referenceState(env: RenderEnv & { blogReferences?: ReferenceState }): ReferenceState {
  return (env.blogReferences ??= { definitions: [], defined: new Set(), used: new Set(), undefinedUses: [], refused: [] });
}

/**
 * Reference-link lint: `[texto][9]` with no `[9]:` is an error (markdown-it leaves it as text),
 * `[2]: …` never used is a warning. markdown-it resolves references but records neither, so its
 * `link`, `image` and `reference` rules are wrapped to note what they matched.
 */
export function referencesRule(md: MarkdownIt): void {
  const { normalizeReference } = md.utils as unknown as { normalizeReference: (s: string) => string };
  const inline = md.inline.ruler;
  const link = inline.getRules("").find((r) => r.name === "link") as InlineRule | undefined;
  const image = inline.getRules("").find((r) => r.name === "image") as InlineRule | undefined;
  if (!link || !image) throw new Error("markdown-it has no link or image rule to wrap");

  const track = (original: InlineRule, bang: number): InlineRule => (state, silent) => {
    const start = state.pos;
    const first = state.tokens.length;
    const matched = original(state, silent);
    if (silent) return matched;
    const env = state.env as RenderEnv;
    if (matched) {
      // Pending text may be flushed into a token first: find the link's own token.
      const token = state.tokens.slice(first).find((t) => t.type === "link_open" || t.type === "image");
      const labelEnd = state.md.helpers.parseLinkLabel(state, start + bang, true);
      // An inline link ends with `)`, a reference link with `]`.
      const isReference = state.src.charCodeAt(state.pos - 1) === 0x5d;
      if (token) token.meta = { ...token.meta, offset: start, reference: isReference };
      if (isReference) {
        const explicit = state.pos - 1 > labelEnd + 1 ? state.src.slice(labelEnd + 2, state.pos - 1) : "";
        const label = explicit || state.src.slice(start + bang + 1, labelEnd);
        referenceState(env).used.add(normalizeReference(label));
      }
      return true;
    }
    // The link rule sees `[…]` again after a failed image, so it alone reports.
    if (bang === 0 && state.src.charCodeAt(start) === 0x5b) {
      noteUndefined(state, start, env);
      noteRefused(state, start, env);
    }
    return false;
  };

  // markdown-it refuses `javascript:`, `vbscript:`, `file:` and non-image `data:` destinations and
  // leaves the link as text; say so, since the author meant a link.
  function noteRefused(state: StateInline, start: number, env: RenderEnv): void {
    const labelEnd = state.md.helpers.parseLinkLabel(state, start, true);
    if (labelEnd < 0 || state.src.charCodeAt(labelEnd + 1) !== 0x28) return;
    let pos = labelEnd + 2;
    while (pos < state.posMax && /\s/.test(state.src[pos]!)) pos++;
    const dest = state.md.helpers.parseLinkDestination(state.src, pos, state.posMax);
    if (!dest.ok || state.md.validateLink(state.md.normalizeLink(dest.str))) return;
    referenceState(env).refused.push({ tokens: state.tokens, offset: start, text: dest.str });
  }

  function noteUndefined(state: StateInline, start: number, env: RenderEnv): void {
    const labelEnd = state.md.helpers.parseLinkLabel(state, start, true);
    if (labelEnd < 0 || state.src.charCodeAt(labelEnd + 1) !== 0x5b) return;
    const end = state.md.helpers.parseLinkLabel(state, labelEnd + 1, false);
    if (end < 0) return;
    const label = state.src.slice(labelEnd + 2, end) || state.src.slice(start + 1, labelEnd);
    if (env.references?.[normalizeReference(label)]) return;
    referenceState(env).undefinedUses.push({ tokens: state.tokens, offset: start, text: state.src.slice(start, end + 1) });
  }

  inline.at("link", track(link, 0));
  inline.at("image", track(image, 1));

  const block = md.block.ruler;
  const reference = block.getRules("").find((r) => r.name === "reference");
  if (!reference) throw new Error("markdown-it has no reference rule to wrap");
  block.at("reference", (state, startLine, endLine, silent) => {
    const env = state.env as RenderEnv;
    const matched = reference(state, startLine, endLine, silent);
    if (matched && !silent && env.references) {
      const refs = referenceState(env);
      // CommonMark: the first definition of a label wins, and a later one adds no key.
      const added = Object.keys(env.references).find((key) => !refs.defined.has(key));
      if (added !== undefined) {
        refs.defined.add(added);
        refs.definitions.push({ label: added, line: startLine });
      }
    }
    return matched;
  });

  md.core.ruler.after("inline", "blog_references", (state) => {
    const env = state.env as RenderEnv & { blogReferences?: ReferenceState };
    const refs = env.blogReferences;
    if (!refs) return;
    const blocks = new Map<Token[], { block: Token; map: [number, number] | null }>();
    forEachInline(state.tokens, (block, map) => blocks.set(block.children!, { block, map }));
    for (const use of refs.undefinedUses) {
      if (!env.reporter.accepts(env.file)) break;
      const found = blocks.get(use.tokens);
      if (!found) continue;
      const { line, column } = locate(env, found.block, found.map, use.offset);
      env.reporter.error(env.file, line, column, "reference-undefined",
        `${use.text} uses a reference that is never defined; add a line "${use.text.slice(use.text.lastIndexOf("["))}: https://…" at the end of the post, or fix the label`);
    }
    for (const use of refs.refused) {
      const found = blocks.get(use.tokens);
      if (!found) continue;
      const { line, column } = locate(env, found.block, found.map, use.offset);
      env.reporter.warning(env.file, line, column, "unsafe-url",
        `the link to "${use.text}" was not made: such URLs can run code or read local files; it is shown as text`);
    }
    for (const def of refs.definitions) {
      const text = lineAt(env, def.line);
      const line = env.bodyLine + def.line + 1;
      const column = Math.max(0, text.indexOf("[")) + 1;
      const target = env.references?.[def.label];
      const shown = text.slice(column - 1, text.indexOf("]", column) + 1) || `[${def.label}]`;
      if (!refs.used.has(def.label)) {
        env.reporter.warning(env.file, line, column, "reference-unused",
          `reference ${shown} is defined but never used; link to it with [texto]${shown} or delete the line`);
      }
      const result = target ? resolveLink(target.href, env.file, env.links) : undefined;
      if (result?.kind === "unresolved") reportMissing(env, { line, column }, "href", `reference ${shown}'s target "${target!.href}"`, result.reason);
    }
  });
}
