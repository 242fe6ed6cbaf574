import { postStem } from "./posts.ts";

export interface LinkTarget {
  /** A draft is left out of the built site: links to it would break. */
  kind: "page" | "asset" | "draft";
  /** Output URL path without the site's base path, not percent-encoded. */
  url: string;
  /** For a copied file: its path relative to the site root, as the file system spells it. */
  source?: string;
}

/** Every file a post may link to, by source path and by URL: built once per build. */
export interface LinkIndex {
  /** Site-relative source path (NFC) → target; `undefined` for a post that failed to load. */
  byPath: Map<string, LinkTarget | undefined>;
  byUrl: Map<string, LinkTarget>;
  /** Lower-cased source path → source path, for "did you mean". */
  folded: Map<string, string>;
  baseurl: string;
  /** On a render's own view of the table (`readingView`): each question it asked, with the answer it got. */
  reads?: LinkReads;
}

/**
 * What one render asked of the link table, each question with its answer as text: the render is
 * still right while every question gets the same answer (src/render.ts), however many other files
 * came or went.
 */
export type LinkReads = Map<string, string>;

export function createLinkIndex(baseurl: string): LinkIndex {
  return { byPath: new Map(), byUrl: new Map(), folded: new Map(), baseurl };
}

export function addTarget(index: LinkIndex, file: string, target: LinkTarget | undefined): void {
  index.byPath.set(file, target);
  postNames.delete(index.byPath);
  index.folded.set(file.toLowerCase(), file);
  if (target) index.byUrl.set(target.url, target);
}

/** A copy of the table that notes every question asked of it, for one render. */
export function readingView(index: LinkIndex): LinkIndex & { reads: LinkReads } {
  return { ...index, reads: new Map() };
}

/** Whether each question of `reads` gets the same answer from `index`. */
export function sameAnswers(index: LinkIndex, reads: LinkReads): boolean {
  for (const [question, answer] of reads) {
    const tab = question.indexOf("\t");
    if (asText(QUESTIONS[question.slice(0, tab) as Question](index, question.slice(tab + 1))) !== answer) return false;
  }
  return true;
}

/** The target of a site-relative source path (NFC): `null` when the site has no such file, `undefined` for a post that failed to load. */
export function targetOfFile(index: LinkIndex, file: string): LinkTarget | undefined | null {
  return ask(index, "file", file);
}

export function targetOfUrl(index: LinkIndex, url: string): LinkTarget | undefined {
  return ask(index, "url", url);
}

/** The file whose path differs from `file` in letter case alone, for "did you mean". */
export function fileInOtherCase(index: LinkIndex, file: string): string | undefined {
  return ask(index, "case", file.toLowerCase());
}

/** `{% post_url %}`'s post: the first page or draft whose path without its extension is `posts/<name>` or ends in `/<name>`. */
export function postNamed(index: LinkIndex, name: string): LinkTarget | undefined {
  return ask(index, "post", name);
}

const QUESTIONS = {
  file: (index: LinkIndex, file: string) => (index.byPath.has(file) ? index.byPath.get(file) : null),
  url: (index: LinkIndex, url: string) => index.byUrl.get(url),
  case: (index: LinkIndex, folded: string) => index.folded.get(folded),
  post: (index: LinkIndex, name: string) => {
    const last = name.slice(name.lastIndexOf("/") + 1);
    const file = postsByName(index).get(last)?.find((f) => postStem(f) === `posts/${name}` || postStem(f).endsWith(`/${name}`));
    return file === undefined ? undefined : index.byPath.get(file);
  },
};
type Question = keyof typeof QUESTIONS;

function ask<Q extends Question>(index: LinkIndex, question: Q, key: string): ReturnType<(typeof QUESTIONS)[Q]> {
  const answer = QUESTIONS[question](index, key) as ReturnType<(typeof QUESTIONS)[Q]>;
  index.reads?.set(`${question}\t${key}`, asText(answer));
  return answer;
}

const asText = (answer: LinkTarget | string | null | undefined) => JSON.stringify(answer) ?? "undefined";

/** The pages and drafts by the last part of their path without extension, in the table's order; made on the first `{% post_url %}`. */
const postNames = new WeakMap<LinkIndex["byPath"], Map<string, string[]>>();

function postsByName(index: LinkIndex): Map<string, string[]> {
  let names = postNames.get(index.byPath);
  if (!names) {
    names = new Map();
    for (const [file, target] of index.byPath) {
      if (target?.kind !== "page" && target?.kind !== "draft") continue;
      const stem = postStem(file);
      const name = stem.slice(stem.lastIndexOf("/") + 1);
      const files = names.get(name);
      if (files) files.push(file);
      else names.set(name, [file]);
    }
    postNames.set(index.byPath, names);
  }
  return names;
}
