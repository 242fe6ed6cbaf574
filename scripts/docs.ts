// `npm run docs`: writes the pages of docs/ that are generated from the code, so they cannot drift.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { codesPage } from "../src/codes.ts";

export const GENERATED = { "docs/mensagens-de-erro.md": codesPage };

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const [file, make] of Object.entries(GENERATED)) writeFileSync(path.join(import.meta.dirname, "..", file), make());
}
