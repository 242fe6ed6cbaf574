import { describe, expect, test } from "vitest";
import { createReporter } from "../src/diagnostics.ts";
import { foldKey, tagSlug, toSlug } from "../src/slugs.ts";
import { buildTagIndex } from "../src/tags.ts";

describe("tagSlug", () => {
  test.each([
    ["pseudocódigo", "pseudocodigo"], ["Segurança", "seguranca"], ["C#", "c-sharp"], ["C++", "c-plus-plus"],
    ["machine learning", "machine-learning"], ["Ação & Reação", "acao-e-reacao"], ["all", "all"], ["🙂", ""],
  ])("%s → %s", (name, slug) => {
    expect(tagSlug(name)).toBe(slug);
  });
});

test("foldKey makes case and accent variants one key, and keeps distinct tags apart", () => {
  expect(new Set(["Segurança", "segurança", "seguranca", "SEGURANÇA"].map(foldKey)).size).toBe(1);
  expect(foldKey("C#")).not.toBe(foldKey("C++"));
});

describe("buildTagIndex", () => {
  const use = (name: string, file: string) => ({ name, file, line: 3, column: 7 });

  test("merges spellings, shows the most frequent, lists posts in the given order", () => {
    const reporter = createReporter();
    const tags = buildTagIndex([[use("segurança", "a.md")], [use("Segurança", "b.md")], [use("Segurança", "c.md"), use("Go", "c.md")]], reporter);
    expect(tags).toEqual([
      { name: "Go", slug: "go", permalink: "/tags/go/", posts: [2] },
      { name: "Segurança", slug: "seguranca", permalink: "/tags/seguranca/", posts: [0, 1, 2] },
    ]);
    expect(reporter.diagnostics).toEqual([expect.objectContaining({ file: "a.md", severity: "warning", code: "tag-spelling" })]);
  });

  test("a post that repeats a tag is listed once", () => {
    const tags = buildTagIndex([[use("go", "a.md"), use("Go", "a.md")]], createReporter());
    expect(tags[0]?.posts).toEqual([0]);
  });

  // Jekyll publishes them; here they share one page, as the spellings of one tag do (real blogs have pro-tip, pro_tip, pro tip).
  test("tags that differ only by -, _ or a space are one tag, with a warning at the rarer spellings", () => {
    const reporter = createReporter();
    const tags = buildTagIndex([[use("pro-tip", "a.md")], [use("pro tip", "b.md")], [use("pro_tip", "c.md")], [use("pro-tip", "d.md")]], reporter);
    expect(tags.map((t) => [t.name, t.slug, t.posts])).toEqual([["pro-tip", "pro-tip", [0, 1, 2, 3]]]);
    expect(reporter.diagnostics.map((d) => [d.file, d.severity, d.code])).toEqual([["b.md", "warning", "tag-spelling"], ["c.md", "warning", "tag-spelling"]]);
  });

  test("a tag with nothing to make a URL from is an error", () => {
    const reporter = createReporter();
    expect(buildTagIndex([[use("🙂", "a.md")]], reporter)).toEqual([]);
    expect(reporter.diagnostics).toEqual([expect.objectContaining({ code: "tag-slug" })]);
  });
});

test.each([
  ["Aplicações Escaláveis: um guia", "aplicacoes-escalaveis-um-guia"],
  ["o que? #1 100%", "o-que-1-100"],
  ["Ação & Reação", "acao-e-reacao"],
  ["Introdução à programação orientada a objetos", "introducao-a-programacao-orientada-a-objetos"],
  ["Você já ouviu falar de CI/CD?", "voce-ja-ouviu-falar-de-ci-cd"],
  ["Pôr do sol, avó e pão", "por-do-sol-avo-e-pao"],
  ["Índice único: função, órgão, ônibus, útil", "indice-unico-funcao-orgao-onibus-util"],
  ["  Espaços   demais  ", "espacos-demais"],
  ["AWS - Network", "aws-network"],
  ["Kubernetes 1.29: o que há de novo", "kubernetes-1-29-o-que-ha-de-novo"],
])("toSlug(%j) → %s", (title, slug) => {
  expect(toSlug(title)).toBe(slug);
});
