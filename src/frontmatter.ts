import matter from "gray-matter";
import yaml from "js-yaml";
import type { Reporter } from "./diagnostics.ts";
import { loadYaml } from "./yaml.ts";

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** How many lines of the file come before the body (0 when there is no front matter). */
  bodyLine: number;
}

function refuse(language: string) {
  return () => {
    throw new Error(`front matter in ${language} is not allowed`);
  };
}

// gray-matter evaluates `---js` and `---javascript` with eval (CVE-2022-25863); we check the
// language before calling it and also replace those engines, so no front matter ever runs.
const engines = {
  yaml: (source: string) => loadYaml(source) as object,
  js: refuse("JavaScript"),
  javascript: refuse("JavaScript"),
  coffee: refuse("CoffeeScript"),
};

/**
 * Jekyll front matter: YAML between a first line `---` and the next line `---`.
 * Dates stay strings (YAML's core schema) so that they are read in the site's time zone, not UTC.
 */
export function parseFrontMatter(text: string, file: string, reporter: Reporter): FrontMatter | undefined {
  if (!text.startsWith("---") || text.startsWith("----")) return { data: {}, body: text, bodyLine: 0 };
  const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
  const language = firstLine.slice(3).trim();
  if (language !== "" && language !== "yaml") {
    reporter.error(file, 1, 4, "front-matter-language",
      `front matter in "${language}" is not supported (it could run code); write it as YAML, opening with a line "---" alone`);
    return undefined;
  }
  const close = /\n---[ \t]*(?:\n|$)/.exec(text);
  if (!close) {
    reporter.error(file, 1, 1, "front-matter-unclosed",
      'the front matter opened on line 1 is never closed; add a line "---" after its last key');
    return undefined;
  }
  // gray-matter gets the front matter alone: it keys a cache lookup on its whole input, and the
  // body is ours to cut exactly where Jekyll does (a line of just ---).
  const head = text.slice(0, close.index + close[0].length);
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(head, { engines, language: "yaml" });
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    // The YAML source starts on the opening `---` line, so the mark's 0-based line is the file's 1-based line - 1.
    reporter.error(file, err.mark.line + 1, err.mark.column + 1, "front-matter-yaml",
      `the front matter is not valid YAML: ${err.reason}; quote values that contain ": " or start with a special character`);
    return undefined;
  }
  const data: unknown = parsed.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    reporter.error(file, 2, 1, "front-matter-shape",
      "the front matter must be a mapping of keys to values (such as `title: Meu post`)");
    return undefined;
  }
  const body = text.slice(head.length);
  const bodyLine = countLines(head);
  reportDuplicateKeys(file, head, reporter, bodyLine);
  return { data: data as Record<string, unknown>, body, bodyLine };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*)\s*:/;

/** Top-level keys written a second (or later) time, each with the 1-based line of both writings. */
function findDuplicateKeys(source: string, endLine?: number): { key: string; line: number; first: number }[] {
  const seen = new Map<string, number>();
  const duplicates: { key: string; line: number; first: number }[] = [];
  const text = endLine === undefined ? source.split("\n") : source.split("\n", endLine);
  for (let i = 0; i < text.length; i++) {
    const key = TOP_LEVEL_KEY.exec(text[i]!)?.[1];
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i + 1);
    else duplicates.push({ key, line: i + 1, first });
  }
  return duplicates;
}

/** Jekyll keeps the last value of a key given twice, and so do we: said, at the second. */
export function reportDuplicateKeys(file: string, source: string, reporter: Reporter, endLine?: number): void {
  for (const { key, line, first } of findDuplicateKeys(source, endLine)) {
    reporter.warning(file, line, 1, "duplicate-key",
      `"${key}" is set again here (first on line ${first}); the last value is used, as Jekyll uses it: delete one of them`);
  }
}

/** 1-based line of each top-level key in YAML that ends before line `endLine` (all of it when omitted). */
export function findKeyLines(source: string, endLine?: number): Record<string, number> {
  const lines: Record<string, number> = {};
  const text = endLine === undefined ? source.split("\n") : source.split("\n", endLine);
  for (let i = 0; i < text.length; i++) {
    const m = TOP_LEVEL_KEY.exec(text[i]!);
    if (m && !(m[1]! in lines)) lines[m[1]!] = i + 1;
  }
  return lines;
}
