import type MarkdownIt from "markdown-it";

/**
 * kramdown's typographic symbols, which Jekyll shows: `---` → —, `--` → –, `...` → …, in text only
 * (code keeps them). markdown-it's own `replacements` rule is off: it also turns (c), (tm) and +-
 * into symbols, which kramdown does not. Quotes are markdown-it's smartquotes, kramdown's defaults.
 */
export function typographyRule(md: MarkdownIt): void {
  md.core.ruler.before("smartquotes", "blog_typography", (state) => {
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children) continue;
      for (const token of block.children) {
        if (token.type !== "text" || !/--|\.\.\./.test(token.content)) continue;
        token.content = token.content.replace(/---/g, "\u2014").replace(/--/g, "\u2013").replace(/\.\.\./g, "\u2026");
      }
    }
  });
}
