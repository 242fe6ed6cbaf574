import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * sharp and Eleventy Image, loaded when first used: a build that measures no new image, encodes none
 * and draws no card (a warm build) loads neither, about 0.13 s of its start. They are CommonJS and
 * required as such, so their modules do not go through tsx's loader hooks (bin/blog.mjs).
 */
export const loadSharp = (): typeof import("sharp") => require("sharp") as typeof import("sharp");
export const loadEleventyImage = (): typeof import("@11ty/eleventy-img") => require("@11ty/eleventy-img") as typeof import("@11ty/eleventy-img");
