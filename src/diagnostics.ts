import type { Code } from "./codes.ts";

/** One problem found in the site's sources, located the way editors and CI expect. */
export interface Diagnostic {
  /** Path relative to the site root, with forward slashes. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when the problem concerns the whole line or file. */
  column: number;
  severity: "error" | "warning";
  code: string;
  message: string;
}

/** The GNU form (`file:line:column: severity: message`) that editors and CI jump to. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line > 0 ? d.line : "", d.line > 0 && d.column > 0 ? d.column : ""]
    .filter((part) => part !== "")
    .join(":");
  return visible(`${where}: ${d.severity}: ${d.message} [${d.code}]`);
}

/** One diagnostic, one line: a file name or value with a line break must not forge another diagnostic. */
function visible(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface Reporter {
  report(diagnostic: Diagnostic): void;
  /** `code` is one of src/codes.ts's, which docs/mensagens-de-erro.md explains. */
  error(file: string, line: number, column: number, code: Code, message: string): void;
  warning(file: string, line: number, column: number, code: Code, message: string): void;
  readonly diagnostics: readonly Diagnostic[];
  hasErrors(): boolean;
  /** False once a file has more diagnostics than are listed: callers may skip locating them. */
  accepts(file: string): boolean;
}

/** Past this many in one file, further problems are counted, not listed: one is enough to fix first. */
export const MAX_PER_FILE = 50;

export function createReporter(): Reporter {
  const diagnostics: Diagnostic[] = [];
  const perFile = new Map<string, number>();
  let errors = 0;
  const report = (d: Diagnostic) => {
    if (d.severity === "error") errors++;
    const count = (perFile.get(d.file) ?? 0) + 1;
    perFile.set(d.file, count);
    if (count <= MAX_PER_FILE) diagnostics.push(d);
    else if (count === MAX_PER_FILE + 1) {
      diagnostics.push({ ...d, code: "too-many", message: `more problems in this file are not listed; fix the ones above first` });
    }
  };
  return {
    report,
    error: (file, line, column, code, message) =>
      report({ file, line, column, severity: "error", code, message }),
    warning: (file, line, column, code, message) =>
      report({ file, line, column, severity: "warning", code, message }),
    diagnostics,
    hasErrors: () => errors > 0,
    accepts: (file) => (perFile.get(file) ?? 0) <= MAX_PER_FILE,
  };
}

/** Sorted by file, then position, so output is stable whatever order the work was done in. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

/** Thrown once, after every diagnostic of the run has been printed. */
export class BuildError extends Error {
  /** Eleventy prints an error's stack unless told not to; the diagnostics already say it all. */
  readonly skipOriginalStack = true;
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    super(`the build found ${errors} error${errors === 1 ? "" : "s"} (listed above)`);
    this.name = "BuildError";
  }
}

/** A value as a message quotes it: JSON, cut short, so that no message grows with its input. */
export function quoteValue(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
