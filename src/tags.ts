import type { Reporter } from "./diagnostics.ts";
import { foldKey, tagSlug } from "./slugs.ts";
import { tagPermalink } from "./routes.ts";

export interface TagUse {
  name: string;
  file: string;
  line: number;
  column: number;
}

export interface Tag {
  /** Shown spelling: the one written most often (first seen wins a tie). */
  name: string;
  slug: string;
  /** Output path without the site's base path: `/tags/pseudocodigo/`. */
  permalink: string;
  /** Indexes into the caller's list of posts, in that list's order. */
  posts: number[];
}

/**
 * The blog's tags (not Eleventy's collections, so `all` and `post` are ordinary tags).
 * Spellings that share a URL are one tag (case, accents, and `-`, `_` or a space between words:
 * `Pro Tip`, `pro-tip`, `pro_tip`), shown as most often written, with a warning at the others.
 */
export function buildTagIndex(uses: readonly TagUse[][], reporter: Reporter): Tag[] {
  const groups = new Map<string, { spellings: Map<string, TagUse[]>; posts: number[] }>();
  const slugs = new Map<string, string>();
  uses.forEach((postUses, index) => {
    for (const use of postUses) {
      let slug = slugs.get(use.name);
      if (slug === undefined) slugs.set(use.name, (slug = tagSlug(use.name)));
      // A name with no letter or digit has no URL: it stays apart, to be reported below.
      const key = slug || `\0${foldKey(use.name)}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { spellings: new Map(), posts: [] }));
      const list = group.spellings.get(use.name);
      if (list) list.push(use);
      else group.spellings.set(use.name, [use]);
      if (group.posts.at(-1) !== index) group.posts.push(index);
    }
  });

  const tags: Tag[] = [];
  for (const { spellings, posts } of groups.values()) {
    const ranked = [...spellings].sort((a, b) => b[1].length - a[1].length);
    const name = ranked[0]![0];
    if (ranked.length > 1) {
      const summary = ranked.map(([s, u]) => `"${s}" (${u.length})`).join(", ");
      for (const [spelling, [first]] of ranked.slice(1)) {
        reporter.warning(first!.file, first!.line, first!.column, "tag-spelling",
          `tag "${spelling}" is written ${ranked.length} ways: ${summary}; all are shown as "${name}": write it the same way everywhere`);
      }
    }
    const slug = slugs.get(name)!;
    const use = ranked[0]![1][0]!;
    if (slug === "") {
      reporter.error(use.file, use.line, use.column, "tag-slug", `tag "${name}" has no letters or digits to make its URL from; rename it`);
      continue;
    }
    tags.push({ name, slug, permalink: tagPermalink(slug), posts });
  }
  const collator = new Intl.Collator("pt-BR", { sensitivity: "base" });
  return tags.sort((a, b) => collator.compare(a.name, b.name));
}
