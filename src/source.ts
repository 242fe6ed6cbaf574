import type { Reporter } from "./diagnostics.ts";

/**
 * A post's bytes as text with LF line endings and no BOM, so that line numbers match what the
 * author's editor shows. Returns undefined (after reporting) when the bytes are not UTF-8 text.
 */
export function decodeSource(bytes: Uint8Array, file: string, reporter: Reporter): string | undefined {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const bad = firstInvalidByte(bytes, text);
  if (bad !== undefined) {
    const { line, column } = positionAt(text, bad.charIndex);
    reporter.error(file, line, column, "encoding",
      `the file is not valid UTF-8 (byte ${bad.byteOffset} is 0x${bytes[bad.byteOffset]!.toString(16).padStart(2, "0")}); ` +
      "save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)");
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes("\r")) {
    const lone = text.search(/\r(?!\n)/);
    if (lone >= 0) {
      // Jekyll reads them; so do we, with a word, since most tools (and diffs) do not.
      const { line, column } = positionAt(text, lone);
      reporter.warning(file, line, column, "line-endings",
        "the file uses old Mac line endings (CR alone); it is read with them, but save it with LF or CRLF line endings");
    }
    text = text.replace(/\r\n?/g, "\n");
  }
  return dropControlCharacters(text, file, reporter);
}

// Not allowed in XML 1.0 (the feed), and invisible in HTML: C0 controls but tab, LF and CR; U+FFFE, U+FFFF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text without characters no page or feed may hold, with one warning at the first of them. */
function dropControlCharacters(text: string, file: string, reporter: Reporter): string {
  const first = text.search(CONTROL);
  if (first < 0) return text;
  const count = text.match(CONTROL)!.length;
  const { line, column } = positionAt(text, first);
  const code = text.charCodeAt(first).toString(16).toUpperCase().padStart(4, "0");
  reporter.warning(file, line, column, "control-character",
    `the file has ${count} invisible control character${count === 1 ? "" : "s"} (the first is U+${code}), which no page or feed may hold; they were dropped: delete them from the file`);
  return text.replace(CONTROL, "");
}

/**
 * Node decodes each invalid sequence as U+FFFD; the first U+FFFD whose bytes are not the UTF-8
 * encoding of U+FFFD (EF BF BD) marks the first invalid byte.
 */
function firstInvalidByte(bytes: Uint8Array, text: string): { byteOffset: number; charIndex: number } | undefined {
  let charIndex = text.indexOf("\ufffd");
  if (charIndex < 0) return undefined;
  let byteOffset = Buffer.byteLength(text.slice(0, charIndex));
  while (charIndex >= 0) {
    if (!(bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf && bytes[byteOffset + 2] === 0xbd)) {
      return { byteOffset, charIndex };
    }
    const next = text.indexOf("\ufffd", charIndex + 1);
    if (next < 0) return undefined;
    byteOffset += 3 + Buffer.byteLength(text.slice(charIndex + 1, next));
    charIndex = next;
  }
  return undefined;
}

/** 1-based line and column (in UTF-16 units, as editors count them) of a string index. */
export function positionAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}
