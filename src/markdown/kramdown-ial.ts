import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

// `{: .classe #id align="left"}` alone on its line: a block attribute list. (`{:toc}` and kramdown's
// attribute list definitions, `{:nome: …}`, are other things.)
const IAL = /^ {0,3}\{:(?!toc\})(?![\w-]+:)\s*([^}]*)\}\s*$/;
const PART = /([.#])([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g;
/** As markdown-it-attrs allows them (src/markdown/index.ts), and kramdown's `align` and `style`: never an event handler. */
const ALLOWED = new Set(["id", "class", "target", "title", "width", "height", "align", "style"]);

/**
 * kramdown's block attribute lists on a line of their own: before a block (`{: align="left"}` and
 * then the image) or right after one, they set its attributes; they are never shown. (Right after
 * a paragraph's last line they are part of it, and markdown-it-attrs reads them.)
 */
export function kramdownIalRule(md: MarkdownIt): void {
  md.block.ruler.before("paragraph", "kramdown_ial", (state, startLine, _endLine, silent) => {
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
    const match = IAL.exec(state.src.slice(state.bMarks[startLine]!, state.eMarks[startLine]!));
    if (!match) return false;
    if (!silent) {
      const token = state.push("kramdown_ial", "", 0);
      token.map = [startLine, startLine + 1];
      token.meta = { attributes: parseAttributes(match[1]!) };
    }
    state.line = startLine + 1;
    return true;
  });
  md.core.ruler.after("block", "kramdown_ial", (state) => {
    const tokens = state.tokens;
    for (let i = tokens.length - 1; i >= 0; i--) {
      if (tokens[i]!.type !== "kramdown_ial") continue;
      const ial = tokens[i]!;
      const target = nextBlock(tokens, i, ial.map![1]) ?? previousBlock(tokens, i, ial.map![0]);
      if (target) {
        for (const [name, value] of ial.meta.attributes as [string, string][]) {
          if (name === "class") target.attrJoin("class", value);
          else target.attrSet(name, value);
        }
      }
      tokens.splice(i, 1);
    }
  });
}

function parseAttributes(text: string): [string, string][] {
  const attributes: [string, string][] = [];
  for (const m of text.matchAll(PART)) {
    if (m[1]) attributes.push([m[1] === "." ? "class" : "id", m[2]!]);
    else if (ALLOWED.has(m[3]!.toLowerCase())) attributes.push([m[3]!.toLowerCase(), m[4] ?? m[5] ?? m[6] ?? ""]);
  }
  return attributes;
}

/** The block that starts on the line after the list (no blank line between), at the same level. */
function nextBlock(tokens: Token[], i: number, line: number): Token | undefined {
  const next = tokens[i + 1];
  return next && next.nesting >= 0 && next.map?.[0] === line && next.type !== "kramdown_ial" ? next : undefined;
}

/** The opening token of the block that ends on the line before the list. */
function previousBlock(tokens: Token[], i: number, line: number): Token | undefined {
  const before = tokens[i - 1];
  if (!before) return undefined;
  if (before.nesting === 0) return before.map?.[1] === line ? before : undefined;
  if (before.nesting !== -1) return undefined;
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    depth += tokens[j]!.nesting;
    if (depth === 0) return tokens[j]!.map?.[1] === line ? tokens[j] : undefined;
  }
  return undefined;
}
