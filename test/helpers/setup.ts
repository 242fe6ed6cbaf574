// In-process builds: Eleventy imports .eleventy.ts and src/ itself, through Node's loader, so the
// TypeScript loader is registered as bin/blog.mjs registers it.
import { register } from "tsx/esm/api";

register();
