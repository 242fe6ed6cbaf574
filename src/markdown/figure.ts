import type MarkdownIt from "markdown-it";

/**
 * An image alone in its paragraph, with a title (`![alt](x.png "O cluster")`), is a figure: the
 * paragraph becomes `<figure>` and the title its `<figcaption>` (rendered by the image renderer in
 * src/markdown/index.ts), not a tooltip nobody sees on a phone.
 */
export function figureRule(md: MarkdownIt): void {
  md.core.ruler.after("inline", "blog_figure", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      if (tokens[i]!.type !== "paragraph_open" || tokens[i + 2]!.type !== "paragraph_close") continue;
      const children = (tokens[i + 1]!.children ?? []).filter((c) => !(c.type === "text" && c.content.trim() === "") && c.type !== "softbreak");
      const image = children.length === 1 && children[0]!.type === "image" ? children[0]! : undefined;
      const caption = image?.attrGet("title");
      if (!image || !caption) continue;
      tokens[i]!.tag = "figure";
      tokens[i + 2]!.tag = "figure";
      image.meta = { ...image.meta, caption };
    }
  });
}
