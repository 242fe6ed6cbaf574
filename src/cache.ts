import { createReporter, type Diagnostic, type Reporter } from "./diagnostics.ts";
import type { CardText } from "./cards.ts";
import type { ImageTable } from "./images.ts";
import type { Read, Rendered } from "./model.ts";
import type { PostMeta } from "./posts.ts";

/**
 * What the live preview keeps between rebuilds, so that editing one post re-reads and re-renders
 * that post only. A post's render is reused while its text and every link target are unchanged.
 */
export interface BlogCache {
  config: string;
  files: Map<string, { mtimeMs: number; size: number; read: Read | undefined; diagnostics: Diagnostic[] }>;
  /** Every link target as one string, and a number that changes whenever it does. */
  links: string;
  linksVersion: number;
  renders: Map<string, Rendered & { body: string; linksVersion: number; diagnostics: Diagnostic[] }>;
  images?: ImageTable;
  /** A post's card, by its metadata object (reused while the file is unchanged). */
  cards?: WeakMap<PostMeta, { name: string; text: CardText }>;
}

export function createBlogCache(): BlogCache {
  // images and cards named, so that resetting a cache (Object.assign) drops them too: both depend on settings.
  return { config: "", files: new Map(), links: "", linksVersion: 0, renders: new Map(), images: undefined, cards: undefined };
}

/** Runs `work` with a reporter of its own and returns what it reported, to be replayed from a cache. */
export function capture<T>(work: (reporter: Reporter) => T): { value: T; diagnostics: Diagnostic[] } {
  const reporter = createReporter();
  const value = work(reporter);
  return { value, diagnostics: [...reporter.diagnostics] };
}

