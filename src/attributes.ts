import { Parser } from "htmlparser2";
import { escapeHtml } from "./escape.ts";

/** URL-valued attributes of HTML elements. */
export const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background", "data", "manifest"]);

/**
 * Calls `visit` for each URL attribute of some HTML (its value entity-decoded, and its offset) and
 * applies the answers in place: a string replaces the value, `null` removes the attribute,
 * `undefined` keeps it. The rest of the markup is kept byte for byte, even a tag left open.
 */
export function rewriteUrlAttributes(html: string, visit: (name: string, value: string, offset: number) => string | null | undefined): string {
  const edits: { start: number; end: number; text: string }[] = [];
  const parser = new Parser({
    onattribute(name, value, quote) {
      if (!URL_ATTRIBUTES.has(name)) return;
      const start = parser.startIndex;
      const answer = visit(name, value, start);
      if (answer === undefined || answer === value) return;
      const q = quote ?? '"';
      edits.push({ start, end: parser.endIndex, text: answer === null ? "" : `${name}=${q}${escapeHtml(answer)}${q}` });
    },
  }, { decodeEntities: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
  let out = html;
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
