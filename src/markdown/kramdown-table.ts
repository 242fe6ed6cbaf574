import type MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";

// A kramdown table row starts with `|`; a separator line is `|---|`, `|:--|--:|` or `|-+-|`.
const ROW = /^ {0,3}\|/;
const SEPARATOR = /^ {0,3}\|[\s|:+=-]*-[\s|:+=-]*$/;

/**
 * kramdown's tables where GFM's rule does not read them: rows without a delimiter line (a table
 * of body rows only), or a delimiter line with fewer cells than the header. Rows before the first
 * separator are the header; later separators only divide the body. Tried after markdown-it's
 * table rule, so every GFM table stays GFM's.
 */
export function kramdownTableRule(md: MarkdownIt): void {
  md.block.ruler.after("table", "kramdown_table", (state, startLine, endLine, silent) => {
    if (state.sCount[startLine]! - state.blkIndent >= 4 || !ROW.test(lineOf(state, startLine))) return false;
    let end = startLine;
    while (end < endLine && ROW.test(lineOf(state, end)) && state.sCount[end]! - state.blkIndent < 4) end++;
    const lines = Array.from({ length: end - startLine }, (_, i) => lineOf(state, startLine + i));
    // One line of text between bars is a paragraph that starts with a bar, unless it has two cells.
    if (lines.length === 1 && splitRow(lines[0]!).length < 2) return false;
    if (silent) return true;

    const firstSeparator = lines.findIndex((l) => SEPARATOR.test(l));
    const header = firstSeparator > 0 ? lines.slice(0, firstSeparator) : [];
    const body = lines.slice(firstSeparator > 0 ? firstSeparator + 1 : 0).filter((l) => !SEPARATOR.test(l));
    const table = state.push("table_open", "table", 1);
    table.map = [startLine, end];
    const section = (rows: string[], tag: "thead" | "tbody", cell: "th" | "td") => {
      if (rows.length === 0) return;
      state.push(`${tag}_open`, tag, 1);
      for (const row of rows) {
        state.push("tr_open", "tr", 1);
        for (const text of splitRow(row)) {
          state.push(`${cell}_open`, cell, 1);
          const inline = state.push("inline", "", 0);
          inline.content = text;
          inline.children = [];
          state.push(`${cell}_close`, cell, -1);
        }
        state.push("tr_close", "tr", -1);
      }
      state.push(`${tag}_close`, tag, -1);
    };
    section(header, "thead", "th");
    section(body, "tbody", "td");
    state.push("table_close", "table", -1);
    state.line = end;
    return true;
  }, { alt: ["paragraph"] });
}

function lineOf(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]!, state.eMarks[line]!);
}

/** The cells of `| a | b |`: bars escaped (`\|`) or inside code spans are text. */
function splitRow(row: string): string[] {
  const text = row.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  const cells: string[] = [];
  let current = "";
  let ticks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "`") ticks = ticks ? 0 : 1;
    if (c === "\\" && text[i + 1] === "|") {
      current += "|";
      i++;
    } else if (c === "|" && !ticks) {
      cells.push(current.trim());
      current = "";
    } else current += c;
  }
  cells.push(current.trim());
  return cells;
}
