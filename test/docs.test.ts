import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { GENERATED } from "../scripts/docs.ts";
import { PROJECT } from "./helpers/site.ts";

test.each(Object.entries(GENERATED))("%s is up to date with the code (npm run docs writes it)", (file, make) => {
  expect(readFileSync(path.join(PROJECT, file), "utf8")).toBe(make());
});
