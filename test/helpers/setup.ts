// In-process builds: Eleventy imports .eleventy.ts and src/ itself, through Node's loader, so the
// TypeScript loader is registered as bin/blog.mjs registers it.
import { register } from "tsx/esm/api";
import { afterAll } from "vitest";
import { removeTemporarySites } from "./site.ts";

register();
// The sites the tests built are not left in the temp folder.
afterAll(removeTemporarySites);
