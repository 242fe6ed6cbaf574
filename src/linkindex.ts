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
}

export function createLinkIndex(baseurl: string): LinkIndex {
  return { byPath: new Map(), byUrl: new Map(), folded: new Map(), baseurl };
}

export function addTarget(index: LinkIndex, file: string, target: LinkTarget | undefined): void {
  index.byPath.set(file, target);
  index.folded.set(file.toLowerCase(), file);
  if (target) index.byUrl.set(target.url, target);
}
