import type MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import { registeredBlockRule } from "./ruler.ts";

// The block elements kramdown reads as an HTML block up to their closing tag.
const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "center", "details", "dialog", "div", "dl", "fieldset", "figure", "footer",
  "form", "header", "iframe", "main", "nav", "ol", "section", "table", "ul", "video", "audio", "object", "summary",
]);
// kramdown's span-level elements: a line that starts with one is a paragraph's text, not an HTML block.
const SPAN_TAG = /^ {0,3}<\/?(?:a|abbr|acronym|b|bdo|big|br|button|cite|code|del|dfn|em|font|i|img|input|ins|kbd|label|q|s|samp|select|small|span|strike|strong|sub|sup|textarea|tt|u|var)(?=[\s/>])/i;
const OPEN = /^ {0,3}<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>/;
const MARKDOWN_ATTRIBUTE = /\s+markdown=(["']?)(?:1|block|span)\1/;

/**
 * kramdown's HTML blocks: a block element runs to its own closing tag, blank lines included (in
 * CommonMark a blank line ends it, and what follows turns into a code block), and the Markdown
 * after the closing tag is Markdown again (CommonMark would keep it in the HTML). With
 * `markdown="1"`, what is inside is Markdown, as in kramdown; the attribute itself is not written.
 * A line that starts with a span-level tag (`<br>`, `<img>`) is text, as in kramdown.
 */
export function kramdownHtmlRule(md: MarkdownIt): void {
  // CommonMark makes `<br>` alone on its line an HTML block that swallows the list after it.
  const htmlBlock = registeredBlockRule(md, "html_block");
  md.block.ruler.at("html_block", (state, startLine, endLine, silent) =>
    !SPAN_TAG.test(lineOf(state, startLine)) && htmlBlock(state, startLine, endLine, silent), { alt: ["paragraph", "reference", "blockquote"] });
  md.block.ruler.before("html_block", "kramdown_html", (state, startLine, endLine, silent) => {
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
    const first = lineOf(state, startLine);
    const open = OPEN.exec(first);
    const tag = open?.[1]!.toLowerCase();
    if (!open || !tag || !BLOCK_TAGS.has(tag) || open[2]!.endsWith("/")) return false;
    const close = findClose(state, tag, startLine, endLine);
    if (close === undefined) return false;
    if (silent) return true;

    const markdown = MARKDOWN_ATTRIBUTE.test(open[2]!);
    const closeLine = lineOf(state, close.line);
    if (markdown && close.line > startLine && first.trim() === open[0].trim() && closeLine.trim() === `</${tag}>`) {
      // The tags as HTML, what is between them as Markdown.
      const openToken = state.push("html_block", "", 0);
      openToken.content = `${open[0].trim().replace(MARKDOWN_ATTRIBUTE, "")}\n`;
      openToken.map = [startLine, startLine + 1];
      const oldParent = state.parentType;
      const oldLineMax = state.lineMax;
      state.parentType = "blockquote" as typeof state.parentType;
      state.lineMax = close.line;
      state.md.block.tokenize(state, startLine + 1, close.line);
      state.parentType = oldParent;
      state.lineMax = oldLineMax;
      const closeToken = state.push("html_block", "", 0);
      closeToken.content = `${closeLine.trim()}\n`;
      closeToken.map = [close.line, close.line + 1];
    } else {
      const token = state.push("html_block", "", 0);
      token.map = [startLine, close.line + 1];
      token.content = state.getLines(startLine, close.line + 1, state.blkIndent, true).replace(MARKDOWN_ATTRIBUTE, "");
    }
    state.line = close.line + 1;
    return true;
  }, { alt: ["paragraph", "reference", "blockquote"] });
}

function lineOf(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
}

/** The line of the tag that closes the one opened on `start` (same-name tags nest), if the text after it on that line is blank. */
function findClose(state: StateBlock, tag: string, start: number, end: number): { line: number } | undefined {
  const tags = new RegExp(`<(/?)${tag}(?=[\\s/>])[^>]*?(/?)>`, "gi");
  let depth = 0;
  for (let line = start; line < end; line++) {
    const text = lineOf(state, line);
    for (const m of text.matchAll(tags)) {
      if (m[2]) continue;
      depth += m[1] ? -1 : 1;
      if (depth === 0) {
        // `</div> and more text` is not where kramdown's block ends: leave it to CommonMark.
        return text.slice(m.index + m[0].length).trim() === "" ? { line } : undefined;
      }
    }
  }
  return undefined;
}
