import { parseHTML } from "linkedom";
import { describe, expect, test } from "vitest";
import { createReporter } from "../../src/diagnostics.ts";
import { createMarkdown, type MarkdownSettings, type RenderEnv } from "../../src/markdown/index.ts";
import { addTarget, createLinkIndex, type LinkIndex } from "../../src/linkindex.ts";
import { resolveLink } from "../../src/markdown/links.ts";

function siteIndex(baseurl = ""): LinkIndex {
  const index = createLinkIndex(baseurl);
  addTarget(index, "posts/2022-7-19-aplicacoes-escalaveis.md", { kind: "page", url: "/2022/07/19/aplicacoes-escalaveis/" });
  addTarget(index, "posts/2024/2024-1-1-filho.md", { kind: "page", url: "/2024/01/01/filho/" });
  addTarget(index, "posts/2024-1-2-ação.md", { kind: "page", url: "/2024/01/02/acao/" });
  addTarget(index, "posts/2024-1-3-quebrado.md", undefined);
  addTarget(index, "images/nodes.png", { kind: "asset", url: "/images/nodes.png" });
  addTarget(index, "images/my image#1.png", { kind: "asset", url: "/images/my image#1.png" });
  return index;
}

describe("resolveLink", () => {
  const from = "posts/2024-1-31-aws-network.md";
  test.each([
    ["2022-7-19-aplicacoes-escalaveis.md", { kind: "page", url: "/2022/07/19/aplicacoes-escalaveis/" }],
    ["./2022-7-19-aplicacoes-escalaveis.md#vertical-ou-horizontal", { kind: "page", url: "/2022/07/19/aplicacoes-escalaveis/#vertical-ou-horizontal" }],
    ["2024/2024-1-1-filho.md?x=1", { kind: "page", url: "/2024/01/01/filho/?x=1" }],
    ["2024-1-2-a%C3%A7%C3%A3o.md", { kind: "page", url: "/2024/01/02/acao/" }],
    ["2024-1-2-ac%CC%A7a%CC%83o.md", { kind: "page", url: "/2024/01/02/acao/" }],
    ["../images/nodes.png", { kind: "asset", url: "/images/nodes.png" }],
    ["/images/nodes.png", { kind: "asset", url: "/images/nodes.png" }],
    ["../images/my%20image%231.png", { kind: "asset", url: "/images/my%20image%231.png" }],
    ["/2022/07/19/aplicacoes-escalaveis/", { kind: "page", url: "/2022/07/19/aplicacoes-escalaveis/" }],
    ["/2022/07/19/aplicacoes-escalaveis", { kind: "page", url: "/2022/07/19/aplicacoes-escalaveis/" }],
    ["https://kubernetes.io/docs/", { kind: "external" }],
    ["mailto:a@b.c", { kind: "external" }],
    ["//cdn.example.com/x.js", { kind: "external" }],
    ["#pods", { kind: "fragment" }],
    ["2024-1-3-quebrado.md", { kind: "broken" }],
    ["nope.md", { kind: "unresolved", reason: "no file posts/nope.md" }],
    ["../images/Nodes.png", { kind: "unresolved", reason: "no file images/Nodes.png; did you mean images/nodes.png? (letter case matters on the web)" }],
    ["../../../etc/passwd", { kind: "unresolved", reason: "it points outside the site (to ../../etc/passwd)" }],
    ["%E0%A4%A.md", { kind: "unresolved", reason: '"%E0%A4%A.md" has a malformed %-escape' }],
  ])("%s", (href, expected) => {
    expect(resolveLink(href, from, siteIndex())).toEqual(expected);
  });

  test("the base path prefixes every resolved URL and is understood in site-absolute links", () => {
    const index = siteIndex("/blog");
    expect(resolveLink("../images/nodes.png", from, index)).toEqual({ kind: "asset", url: "/blog/images/nodes.png" });
    expect(resolveLink("/blog/images/nodes.png", from, index)).toEqual({ kind: "asset", url: "/blog/images/nodes.png" });
  });
});

function render(source: string, { bodyLine = 0, file = "posts/2024-1-31-x.md", excerptSeparator = "", settings = {} as MarkdownSettings } = {}) {
  const reporter = createReporter();
  const env: RenderEnv = { file, bodyLine, source, links: siteIndex(), imageRefs: [], reporter, excerptSeparator };
  const html = createMarkdown(settings).render(source, env);
  return { document: parseHTML(`<!doctype html><html><body>${html}</body></html>`).document, diagnostics: reporter.diagnostics, env };
}

describe("reference links", () => {
  test("resolve, including relative definitions, and the unused one is a warning at its line", () => {
    const { document, diagnostics } = render(
      "Veja [a doc][1], [o post][post] e [post].\n\n[1]: https://example.com/\n[post]: 2022-7-19-aplicacoes-escalaveis.md\n[2]: https://unused.example/\n",
      { bodyLine: 5 },
    );
    expect([...document.querySelectorAll("a")].map((a) => a.getAttribute("href"))).toEqual([
      "https://example.com/", "/2022/07/19/aplicacoes-escalaveis/", "/2022/07/19/aplicacoes-escalaveis/",
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 10, column: 1, severity: "warning", code: "reference-unused", message: expect.stringContaining("[2]") }),
    ]);
  });

  test("labels match case-insensitively, and collapsed and image references count as uses", () => {
    const { diagnostics } = render("[Doc][] e ![fig][IMG]\n\n[doc]: https://example.com/\n[img]: ../images/nodes.png\n");
    expect(diagnostics).toEqual([]);
  });

  test("an undefined label is an error at its line and column; the text is left as written", () => {
    const { document, diagnostics } = render("Primeira linha.\n> citação com o [guia][9] aqui\n");
    expect(document.querySelector("blockquote")?.textContent).toContain("[guia][9]");
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 2, column: 17, severity: "error", code: "reference-undefined" }),
    ]);
  });

  test("a shortcut [like this] with no definition is ordinary text, not an error", () => {
    expect(render("Isto [sic] é texto.\n").diagnostics).toEqual([]);
  });

  test("a definition pointing to a missing file is an error at the definition", () => {
    const { diagnostics } = render("[x][1]\n\n[1]: nada.md\n");
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, column: 1, severity: "error", code: "link-missing" })]);
  });
});

describe("links and images", () => {
  test("a missing target is reported at its column, inside lists and tables too", () => {
    const { diagnostics } = render("* item com [link](nada.md)\n\n| a | b |\n|---|---|\n| x | ![i](falta.png) |\n");
    expect(diagnostics.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 1, column: 12, code: "link-missing" },
      { line: 5, column: 7, code: "image-missing" },
    ]);
  });

  test("each URL of a raw HTML srcset is resolved; one that runs code is dropped with a warning", () => {
    const { document, diagnostics } = render(
      '<img src="../images/nodes.png" srcset="../images/nodes.png 1x, javascript:alert(1) 2x, ../images/my%20image%231.png 3x" alt="">\n');
    expect(document.querySelector("img")?.getAttribute("srcset")).toBe("/images/nodes.png 1x, /images/my%20image%231.png 3x");
    expect(diagnostics.map(({ line, column, code }) => ({ line, column, code }))).toEqual([{ line: 1, column: 32, code: "unsafe-url" }]);
  });
});

describe("heading levels", () => {
  test.each([
    ["#### A\n\n#### B\n", "h2 h2"],
    ["## A\n\n#### B\n\n### C\n", "h2 h3 h3"],
    ["# A\n\n## B\n\n### C\n", "h2 h3 h4"],
    ["### A\n\n#### B\n\n## C\n\n### D\n", "h2 h3 h2 h3"],
    ["> ##### citado\n\n#### A\n", "h2 h2"],
    ["## A\n\n###### B\n", "h2 h3"],
  ])("the outline under the title's <h1> has no gaps: %j", (source, expected) => {
    const { document } = render(source);
    expect([...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => h.tagName.toLowerCase()).join(" ")).toBe(expected);
  });
});

describe("heading ids", () => {
  test("are made as GitHub's preview makes them: accents kept, repeats numbered", () => {
    const { document } = render("## Introdução\n\n## **Nodes**\n\n## Nodes\n\n## `code` e C++!\n");
    expect([...document.querySelectorAll("h2")].map((h) => h.id)).toEqual(["introdução", "nodes", "nodes-1", "code-e-c"]);
  });
});

describe("markdown is content, not a template", () => {
  test("{{ }} and {% %} stay literal, indented code blocks work", () => {
    const { document } = render("Valor: {{ .Values.x }} {% raw %}\n\n    indentado {{ a }}\n");
    expect(document.querySelector("p")?.textContent).toBe("Valor: {{ .Values.x }} {% raw %}");
    expect(document.querySelector("pre code")?.textContent).toBe("indentado {{ a }}\n");
  });
});

test("the excerpt is the first paragraph with text, as plain text", () => {
  const { env } = render("![fig](../images/nodes.png)\n\nO **primeiro** parágrafo\ncom [link](https://x.y).\n\nO segundo.\n");
  expect(env.excerpt).toBe("O primeiro parágrafo com link.");
});

describe("excerpt_separator", () => {
  test.each([
    ["Resumo.\n\n<!--resumo-->\n\nResto.\n", "<!--resumo-->", "Resumo."],
    ["Resumo.\n\n[[corte]]\n\nResto.\n", "[[corte]]", "Resumo."],
    ["Resumo.\n\n<!--more-->\n\nResto.\n", "", "Resumo."],
    // In code the separator is content: it neither ends the excerpt nor changes (issue: hostile input #10).
    ["Use `--resumo--` assim.\n\n```\n--resumo--\n```\n\nFim --resumo-- aqui.\n", "--resumo--", "Use --resumo-- assim."],
  ])("%j with separator %j: excerpt %j", (source, excerptSeparator, excerpt) => {
    const { document, env } = render(source, { excerptSeparator });
    expect(env.excerpt).toBe(excerpt);
    expect([...document.querySelectorAll("code")].map((c) => c.textContent?.trim())).toEqual(
      source.includes("`--resumo--`") ? ["--resumo--", "--resumo--"] : []);
  });
});

describe("what kramdown and GitHub also read", () => {
  test("footnotes: the reference links to its note, the note back, and no reference-link lint", () => {
    const { document, diagnostics } = render("Texto[^1] e outro[^nota].\n\n[^1]: A primeira nota.\n[^nota]: A segunda, [com link](https://x.y).\n");
    expect([...document.querySelectorAll("sup.footnote-ref a")].map((a) => a.getAttribute("href"))).toEqual(["#fn1", "#fn2"]);
    expect([...document.querySelectorAll("section.footnotes li")].map((li) => li.textContent?.replace("↩︎", "").trim()))
      .toEqual(["A primeira nota.", "A segunda, com link."]);
    expect(diagnostics).toEqual([]);
  });

  test("task lists, definition lists, abbreviations and :emoji: (no :) shortcut)", () => {
    const { document } = render("- [x] feito\n- [ ] falta\n\nTermo\n: definição\n\n*[VPC]: Virtual Private Cloud\n\nUma VPC :rocket: :) 12:30:45.\n");
    expect([...document.querySelectorAll("li input[type=checkbox]")].map((i) => [i.hasAttribute("checked"), i.hasAttribute("disabled"), i.closest("label") !== null]))
      .toEqual([[true, true, true], [false, true, true]]);
    expect([document.querySelector("dt")?.textContent, document.querySelector("dd")?.textContent]).toEqual(["Termo", "definição"]);
    expect(document.querySelector("abbr")?.getAttribute("title")).toBe("Virtual Private Cloud");
    expect(document.querySelector("p:last-child")?.textContent).toBe("Uma VPC 🚀 :) 12:30:45.");
  });

  test("a footnote reference with no note is a warning at its place; in code it is content", () => {
    const { diagnostics } = render("Texto[^1] e[^falta].\n\n`[^codigo]`\n\n[^1]: A nota.\n", { bodyLine: 3 });
    expect(diagnostics.map(({ line, column, severity, code }) => ({ line, column, severity, code })))
      .toEqual([{ line: 4, column: 12, severity: "warning", code: "footnote-undefined" }]);
  });

  test("a bare https:// URL is a link, as on GitHub; file names in prose and URLs in code are not", () => {
    const { document } = render("Veja https://kubernetes.io/docs/ e o arquivo config.yml.\n\n`https://x.y`\n");
    expect([...document.querySelectorAll("a")].map((a) => a.getAttribute("href"))).toEqual(["https://kubernetes.io/docs/"]);
  });

  test("an image alone in its paragraph with a title is a figure with that caption; with text beside it, an image", () => {
    const { document } = render('![Os nós](https://x.y/nos.png "O cluster e seus nós")\n\nTexto ![a](https://x.y/a.png "dica") ao lado.\n');
    const figure = document.querySelector("figure")!;
    expect([figure.querySelector("img")?.getAttribute("alt"), figure.querySelector("img")?.hasAttribute("title"), figure.querySelector("figcaption")?.textContent])
      .toEqual(["Os nós", false, "O cluster e seus nós"]);
    expect(document.querySelectorAll("figure").length).toBe(1);
    expect(document.querySelector("p img")?.getAttribute("title")).toBe("dica");
    // With markdown: kramdown (an imported blog), the title stays a tooltip, as Jekyll shows it.
    const jekyll = render('![Os nós](https://x.y/nos.png "O cluster")\n', { settings: { kramdownHtml: true, figures: false } }).document;
    expect([jekyll.querySelector("figure"), jekyll.querySelector("p img")?.getAttribute("title")]).toEqual([null, "O cluster"]);
  });

  test("code keeps :emoji: and [^1] as written", () => {
    const { document } = render("`:rocket: [^1]`\n");
    expect(document.querySelector("code")?.textContent).toBe(":rocket: [^1]");
  });
});

describe("typography as kramdown writes it", () => {
  test.each([
    ['"Aspas" e \'simples\', d\'água -- e --- e...', "“Aspas” e ‘simples’, d’água – e — e…"],
    ["(c) (tm) +- ficam como estão", "(c) (tm) +- ficam como estão"],
    ['`"código" -- ...` fica', '"código" -- ... fica'],
    ['{% include aviso.html texto="cuidado" %} -- "x"', '{% include aviso.html texto="cuidado" %} – “x”'],
  ])("%j → %j", (source, shown) => {
    expect(render(`${source}\n`).document.querySelector("p")?.textContent).toBe(shown);
  });
});

describe("math, typeset by KaTeX at build time", () => {
  const annotations = (document: Document) => [...document.querySelectorAll("annotation")].map((a) => a.textContent);
  test.each([
    ["inline $…$", "A área é $\\pi r^2$.", { inline: ["\\pi r^2"], display: [] }],
    ["$$…$$ inside a paragraph is inline, as kramdown reads it", "Seja $$x_1 + y_1$$ a soma.", { inline: ["x_1 + y_1"], display: [] }],
    ["$$…$$ on lines of its own is a display", "$$\n\\sum_{i=1}^{n} i\n$$", { inline: [], display: ["\\sum_{i=1}^{n} i"] }],
    ["Markdown escapes and emphasis do not touch the TeX", "Entradas $[BC][ABC]^*$ e $a_1 * b_2$.", { inline: ["[BC][ABC]^*", "a_1 * b_2"], display: [] }],
    ["prices are not math", "Custa R$ 10 e R$ 20, ou US$5 e US$6.", { inline: [], display: [] }],
    ["code keeps its dollars", "`$x$` e\n\n```\n$$y$$\n```", { inline: [], display: [] }],
  ])("%s", (_, source, expected) => {
    const { document, diagnostics } = render(`${source}\n`);
    expect(annotations(document).filter((_, i) => !document.querySelectorAll("annotation")[i]!.closest(".katex-display"))).toEqual(expected.inline);
    expect([...document.querySelectorAll(".katex-display annotation")].map((a) => a.textContent?.trim())).toEqual(expected.display);
    expect(diagnostics).toEqual([]);
  });

  test("a formula KaTeX cannot read, or a macro that expands itself, shows as written with a warning at its place", () => {
    const { document, diagnostics } = render("Texto $\\frac{1$ aqui.\n\nBomba: $\\def\\a{\\a\\a}\\a$\n", { bodyLine: 3 });
    expect([...document.querySelectorAll("code.math-error")].map((c) => c.textContent)).toEqual(["$\\frac{1$", "$\\def\\a{\\a\\a}\\a$"]);
    expect(diagnostics.map(({ line, column, code }) => `${line}:${column} ${code}`)).toEqual(["4:7 math", "6:8 math"]);
    expect(diagnostics[1]!.message).toMatch(/Too many expansions/);
  });

  test("an unpaired $$ is a warning at its place: it shows as written", () => {
    const { document, diagnostics } = render("Texto\n\n$$ x^2\n\nsem fim.\n", { bodyLine: 3 });
    expect(document.querySelector("p:nth-of-type(2)")?.textContent).toBe("$$ x^2");
    expect(diagnostics.map(({ line, column, code }) => `${line}:${column} ${code}`)).toEqual(["6:1 math-unpaired"]);
  });

  test("no script: \\href and \\includegraphics are not trusted", () => {
    const { document } = render("$\\href{javascript:alert(1)}{x}$\n");
    expect(document.querySelector("a")).toBe(null);
  });
});

describe("kramdown's block syntax", () => {
  const shape = (element: Element | null): string =>
    !element ? "" : `${element.tagName.toLowerCase()}${element.children.length ? `(${[...element.children].map(shape).join(" ")})` : ""}`;
  test.each([
    ["a table without a delimiter row is body rows", "| a | b |\n| c | d |", "table(tbody(tr(td td) tr(td td)))"],
    ["a delimiter row with fewer cells still makes a header", "| Nome | Valor |\n|---|\n| x | 1 |", "table(thead(tr(th th)) tbody(tr(td td)))"],
    ["a GFM table stays GFM's", "| a | b |\n|:--|--:|\n| c | d |", "table(thead(tr(th th)) tbody(tr(td td)))"],
    ["one line between bars with one cell is text", "| só texto |", "p"],
  ])("%s", (_, source, expected) => {
    expect(shape(render(`${source}\n`).document.body.firstElementChild)).toBe(expected);
  });

  test("an attribute list on its own line sets the next block's attributes (never an event handler), or the previous one's", () => {
    const { document } = render('Antes.\n\n{: align="left" onclick="x()" .foto}\n![imagem](https://x.y/a.png)\n\n```bash\nls\n```\n{: #codigo}\n');
    const p = document.querySelectorAll("p")[1]!;
    expect([p.getAttribute("align"), p.getAttribute("class"), p.hasAttribute("onclick"), p.querySelector("img") !== null]).toEqual(["left", "foto", false, true]);
    expect(document.querySelector("pre code")?.getAttribute("id")).toBe("codigo");
    expect(document.body.textContent).not.toContain("{:");
  });

  const kramdown = { settings: { kramdownHtml: true } };
  test("markdown: kramdown: an HTML block runs to its closing tag, blank lines and all, and Markdown follows it", () => {
    const { document } = render('<div class="x">\n  <p>um</p>\n\n      <p>dois</p>\n</div>\n## Título\n', kramdown);
    expect([...document.querySelectorAll("div.x > p")].map((p) => p.textContent)).toEqual(["um", "dois"]);
    expect(document.querySelector("pre")).toBe(null);
    expect(document.querySelector("h2")?.textContent?.replace("#", "").trim()).toBe("Título");
  });

  test('markdown="1" makes the inside Markdown, and the attribute is not written', () => {
    const { document } = render('<div class="nota" markdown="1">\n**forte** e\n\n- item\n</div>\n', kramdown);
    const div = document.querySelector("div.nota")!;
    expect([div.querySelector("strong")?.textContent, div.querySelector("li")?.textContent, div.hasAttribute("markdown")]).toEqual(["forte", "item", false]);
  });

  test("markdown: kramdown: a line that starts with <br> is text, and the list after it a list", () => {
    const { document } = render("<br>\n- um\n- dois\n", kramdown);
    expect([...document.querySelectorAll("li")].map((li) => li.textContent)).toEqual(["um", "dois"]);
  });

  test("markdown: gfm (a new blog) reads HTML blocks as GitHub's preview does", () => {
    const { document } = render("<details><summary>Ver</summary>\n\n**dentro**\n\n</details>\n");
    expect(document.querySelector("details strong")?.textContent).toBe("dentro");
  });
});
