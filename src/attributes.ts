import { Parser } from "htmlparser2";
import { parseSrcset, stringifySrcset } from "srcset";
import { escapeHtml } from "./escape.ts";

/** URL-valued attributes of HTML elements. */
export const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background", "data", "manifest"]);

/** Attributes holding a list of image candidates (`url 480w, url 2x`): each URL is visited. */
const SRCSET_ATTRIBUTES = new Set(["srcset", "imagesrcset"]);

/**
 * Calls `visit` for each URL attribute of some HTML (its value entity-decoded, and its offset) and
 * applies the answers in place: a string replaces the value, `null` removes the attribute,
 * `undefined` keeps it. The rest of the markup is kept byte for byte, even a tag left open.
 */
export function rewriteUrlAttributes(html: string, visit: (name: string, value: string, offset: number) => string | null | undefined): string {
  const edits: { start: number; end: number; text: string }[] = [];
  const parser = new Parser({
    onattribute(name, value, quote) {
      const start = parser.startIndex;
      let answer: string | null | undefined;
      if (URL_ATTRIBUTES.has(name)) answer = visit(name, value, start);
      else if (SRCSET_ATTRIBUTES.has(name)) answer = visitSrcset(value, (url) => visit(name, url, start));
      else return;
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

/** A srcset's candidates, each URL visited: a changed URL is replaced, a removed one drops its candidate. */
function visitSrcset(value: string, visit: (url: string) => string | null | undefined): string | null | undefined {
  const candidates = parseSrcset(value);
  let changed = false;
  const kept = candidates.flatMap((candidate) => {
    const answer = visit(candidate.url);
    if (answer === undefined || answer === candidate.url) return [candidate];
    changed = true;
    return answer === null ? [] : [{ ...candidate, url: answer }];
  });
  if (!changed) return undefined;
  return kept.length > 0 ? stringifySrcset(kept) : null;
}

/**
 * Adds attributes to opening tags: `add` gets each tag's name and attributes (entity-decoded) and
 * returns the ones to add, or nothing. An attribute the tag already has is never replaced.
 */
export function addAttributes(html: string, add: (name: string, attributes: Record<string, string>) => Record<string, string> | undefined): string {
  const edits: { at: number; text: string }[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      const extra = add(name, attributes);
      if (!extra) return;
      const text = Object.entries(extra).filter(([key]) => !(key in attributes))
        .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`).join("");
      if (!text) return;
      // Before the `>`, or before the `/` of a self-closing `/>`.
      const end = parser.endIndex;
      edits.push({ at: html[end - 1] === "/" ? end - 1 : end, text });
    },
  }, { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true });
  parser.write(html);
  parser.end();
  let out = html;
  for (const edit of edits.reverse()) out = out.slice(0, edit.at) + edit.text + out.slice(edit.at);
  return out;
}
