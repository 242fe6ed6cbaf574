import type { EleventyConfig } from "./src/eleventy.ts";
import { blogPlugin } from "./src/plugin.ts";

// Wiring only: the behaviour lives in src/; docs/architecture.md describes its stages.
export default function (eleventyConfig: EleventyConfig) {
  eleventyConfig.addPlugin(blogPlugin);
}

// Posts are not Eleventy templates (src/plugin.ts reads and renders them); only the plugin's
// virtual 11ty.js pages are.
export const config = { templateFormats: ["11ty.js"] };
