import { describe, expect, test } from "vitest";
import { createReporter } from "../src/diagnostics.ts";
import { parseFrontMatter } from "../src/frontmatter.ts";
import { decodeSource } from "../src/source.ts";

const parse = (source: string) => {
  const reporter = createReporter();
  return { result: parseFrontMatter(source, "posts/x.md", reporter), diagnostics: reporter.diagnostics };
};

describe("parseFrontMatter", () => {
  test("reads YAML and says where the body starts", () => {
    const { result } = parse("---\nlayout: post\ntitle: AWS - Network\ntags: aws infra network\n---\nTexto.\n");
    expect(result).toEqual({ data: { layout: "post", title: "AWS - Network", tags: "aws infra network" }, body: "Texto.\n", bodyLine: 5 });
  });

  test("keeps dates as written, to be read in the site's time zone", () => {
    expect(parse("---\ndate: 2024-01-31\n---\nx").result?.data.date).toBe("2024-01-31");
  });

  test("a file without front matter is all body", () => {
    expect(parse("# Título\n").result).toEqual({ data: {}, body: "# Título\n", bodyLine: 0 });
  });

  test.each([
    ["---js\n{ title: (() => { globalThis.pwned = 1; return 'x' })() }\n---\nx", "front-matter-language", 1],
    ["---javascript\n{ title: (() => { globalThis.pwned = 1; return 'x' })() }\n---\nx", "front-matter-language", 1],
    ["--- js\n{ title: (() => { globalThis.pwned = 1; return 'x' })() }\n---\nx", "front-matter-language", 1],
    ["---toml\ntitle = 'x'\n---\nx", "front-matter-language", 1],
    ["---\ntitle: x\nsem fim\n", "front-matter-unclosed", 1],
    ["---\ntitle: a: b\n---\nx", "front-matter-yaml", 2],
    ["---\n- a\n- b\n---\nx", "front-matter-shape", 2],
  ])("%j is refused with %s, and nothing runs", (source, code, line) => {
    const { result, diagnostics } = parse(source);
    expect(result).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ file: "posts/x.md", line, severity: "error", code })]);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});

test("a key given twice keeps its last value, as Jekyll's YAML does, with a warning at the second", () => {
  const { result, diagnostics } = parse("---\ntitle: x\ntitle: y\n---\nx");
  expect(result?.data).toEqual({ title: "y" });
  expect(diagnostics).toEqual([expect.objectContaining({ file: "posts/x.md", line: 3, column: 1, severity: "warning", code: "duplicate-key" })]);
});

describe("decodeSource", () => {
  const decode = (bytes: number[] | string) => {
    const reporter = createReporter();
    const data = typeof bytes === "string" ? Buffer.from(bytes) : Buffer.from(bytes);
    return { text: decodeSource(data, "posts/x.md", reporter), diagnostics: reporter.diagnostics };
  };

  test("a UTF-8 BOM and CRLF read exactly like clean LF", () => {
    expect(decode("\ufeff---\r\ntitle: Ação\r\n---\r\nTexto\r\n").text).toBe("---\ntitle: Ação\n---\nTexto\n");
  });

  test("Latin-1 bytes are an error naming the byte and its line", () => {
    const { text, diagnostics } = decode([...Buffer.from("---\ntitle: a\n---\nA"), 0xe7, 0xe3, 0x6f]);
    expect(text).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ line: 4, column: 2, code: "encoding", message: expect.stringContaining("byte 18 is 0xe7") })]);
  });

  test("a real U+FFFD in the text is not mistaken for a bad byte", () => {
    expect(decode("a\ufffdb\n").text).toBe("a\ufffdb\n");
  });

  test("CR-only line endings are an error", () => {
    expect(decode("---\rtitle: a\r---\rx").diagnostics).toEqual([expect.objectContaining({ line: 1, column: 4, code: "line-endings" })]);
  });
});
