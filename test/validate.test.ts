import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { expect, test } from "vitest";
import { buildFixture } from "./helpers/site.ts";

const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

test.each([".", "reader", "jekyll-blog"])("every page built from %s passes html-validate", async (fixture) => {
  const site = await buildFixture(fixture);
  expect(site.code).toBe(0);
  const pages = readdirSync(site.output, { recursive: true }).map(String).filter((f) => f.endsWith(".html"));
  expect(pages.length).toBeGreaterThan(5);
  const problems: string[] = [];
  for (const page of pages) {
    const report = await validator.validateString(readFileSync(path.join(site.output, page), "utf8"), page);
    for (const result of report.results) for (const m of result.messages) problems.push(`${page}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  }
  expect(problems).toEqual([]);
});
