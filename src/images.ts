import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import eleventyImage, { generateHTML, Image, type ImageMetadata, type ImageOptions, ImageSize } from "@11ty/eleventy-img";
import type { Reporter } from "./diagnostics.ts";
import { escapeHtml } from "./escape.ts";
import { pruneFolder } from "./reuse.ts";
import { IMAGE_FOLDER } from "./routes.ts";


/** Widths of the re-encoded versions; never wider than the original (Eleventy Image does not upscale). */
const WIDTHS = [480, 960, 1440];

/** Eleventy Image's names: a 10-character hash of the image, the width, the format. Only these are pruned or reused. */
export const VERSION_NAME = /^[\w-]{10}-\d+\.(?:avif|webp)$/;

/**
 * How wide an image is drawn: the article column of layouts/style.css (`.wrap` is 44rem less
 * 2 × 1.25rem of padding), or the viewport less that padding on narrower screens.
 */
export const SIZES = "(min-width: 44rem) 41.5rem, calc(100vw - 2.5rem)";

/**
 * Formats worth re-encoding: photographs and screenshots. SVG is already small and sharp at any
 * size; GIF is often animated, and sharp would keep only its first frame; both are copied as they are.
 */
const REENCODED: Record<string, string> = { png: "png", jpg: "jpeg", webp: "webp" };

/** Formats an `<img>` can show, by file extension: the ones we size. */
const IMAGE_EXTENSIONS = /\.(?:png|jpe?g|webp|gif|svg|avif)$/i;

export interface ImageInfo {
  width: number;
  height: number;
  /** AVIF and WebP versions at a few widths (their URLs and sizes), for re-encoded formats. */
  variants?: ImageMetadata;
  /** The original's format, as Eleventy Image names it (`jpeg`, `png`, `webp`). */
  format?: string;
}

interface Described {
  mtimeMs: number;
  size: number;
  info: ImageInfo | Error;
  /** The table's `generation` when the file was last looked at: once per build is enough. */
  seen: number;
}

/** Where an image was first referenced: errors met while encoding it are reported there. */
export interface ImageUse {
  source: string;
  file: string;
  line: number;
  column: number;
}

/**
 * The images of one build: each one's size (read from its header, without decoding) and the
 * versions it will get, known before any is encoded, so posts render in one synchronous pass.
 * Kept between rebuilds of the live preview; an entry is re-read when its file changes.
 * Describing an image records nothing else: the posts that show it say so (`ImageUse`).
 */
export interface ImageTable {
  root: string;
  baseurl: string;
  described: Map<string, Described>;
  /** Bumped by each build (loadBlog), so that each image file is stat'ed once per build, not once per post. */
  generation: number;
}

export function createImageTable(root: string, baseurl: string): ImageTable {
  return { root, baseurl, described: new Map(), generation: 0 };
}

export function isImageFile(file: string): boolean {
  return IMAGE_EXTENSIONS.test(file);
}

function options(table: ImageTable, format: string, outputDir = IMAGE_FOLDER): ImageOptions {
  return {
    widths: WIDTHS,
    // A WebP original is its own fallback, so it only gets AVIF versions.
    formats: ["avif", "webp"].filter((f) => f !== format),
    urlPath: `${table.baseurl}/${IMAGE_FOLDER}/`,
    outputDir,
    // Eleventy Image turns sharp's checks off: a truncated JPEG became grey-bottomed versions.
    sharpOptions: { failOn: "truncated" },
    // AVIF at sharp's effort 2, not its default 4: 10× faster on a 12 MP photo for versions within
    // a few KiB of effort 4's (BENCHMARKS.md, "Image encoding").
    sharpAvifOptions: { effort: AVIF_EFFORT },
  };
}

/** sharp's AVIF effort (0–9): chosen by the table in BENCHMARKS.md, "Image encoding". */
export const AVIF_EFFORT = 2;

/** No photo a blog shows comes near this (a 50 MP JPEG is about 25 MiB). */
export const MAX_IMAGE_BYTES = 64 * 2 ** 20;

/** The size and versions of an image (a path relative to the site root), or why it cannot be read. */
export function describeImage(table: ImageTable, source: string): ImageInfo | Error {
  const hit = table.described.get(source);
  if (hit?.seen === table.generation) return hit.info;
  const file = path.join(table.root, source);
  const { mtimeMs, size } = statSync(file);
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) {
    hit.seen = table.generation;
    return hit.info;
  }
  let info: ImageInfo | Error;
  try {
    // Read whole to find its size: bounded first, as every file the build reads.
    if (size > MAX_IMAGE_BYTES) throw new Error(`it is ${(size / 2 ** 20).toFixed(1)} MiB, over the ${MAX_IMAGE_BYTES / 2 ** 20} MiB an image may be; make it smaller`);
    const header = ImageSize(readFileSync(file));
    if (!header.width || !header.height) throw new Error("its width and height could not be found");
    // EXIF orientations 5 to 8 turn the picture a quarter: the browser shows it the other way round.
    const turned = (header.orientation ?? 1) >= 5;
    const width = turned ? header.height : header.width;
    const height = turned ? header.width : header.height;
    const format = REENCODED[header.type ?? ""];
    info = format
      ? { width, height, format, variants: new Image(file, options(table, format)).statsByDimensionsSync(width, height) }
      : { width, height };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    info = new Error(message.startsWith("unsupported file type")
      ? "its bytes are not a PNG, JPEG, WebP, GIF, AVIF or SVG image, whatever its name says" : message);
  }
  table.described.set(source, { mtimeMs, size, info, seen: table.generation });
  return info;
}

/**
 * The HTML of a post's image: a `<picture>` with AVIF and WebP sources and the original as the
 * fallback `<img>`, or a plain `<img>`; always with width and height (no layout shift). The first
 * image of a post is loaded at once (it is likely the largest thing on screen); later ones lazily.
 */
export function imageHtml(info: ImageInfo, src: string, alt: string, title: string | null, first: boolean): string {
  const loading: Record<string, string> = first ? { fetchpriority: "high" } : { loading: "lazy", decoding: "async" };
  if (!info.variants || !info.format) {
    const attributes = { src, alt, ...(title ? { title } : {}), width: info.width, height: info.height, ...loading };
    return `<img${Object.entries(attributes).map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`).join("")}>`;
  }
  const original = {
    format: info.format, width: info.width, height: info.height, url: escapeHtml(src),
    sourceType: `image/${info.format}`, srcset: `${escapeHtml(src)} ${info.width}w`,
  };
  // Eleventy Image escapes `alt` itself and writes every other value as given: those are escaped here.
  return generateHTML({ ...info.variants, [info.format]: [original] }, {
    alt, ...(title ? { title: escapeHtml(title) } : {}), sizes: SIZES, ...loading,
  });
}

/**
 * Encodes the versions of every image the posts show into `<output>/img/`, skipping the ones
 * already there (names carry a hash of the image's bytes, so a file there is the right one), and
 * removes versions no post shows any more.
 */
export async function writeImages(
  table: ImageTable, uses: ImageUse[], output: string, reporter: Reporter, { prune = true } = {},
): Promise<void> {
  const folder = path.join(output, IMAGE_FOLDER);
  const keep = new Set<string>();
  await Promise.all(uses.map(async (use) => {
    const info = table.described.get(use.source)?.info;
    if (!info || info instanceof Error || !info.variants || !info.format) return;
    const names = Object.values(info.variants).flat().map((stat) => path.basename(stat.outputPath ?? stat.url));
    for (const name of names) keep.add(name);
    if (names.every((name) => existsSync(path.join(folder, name)))) return;
    try {
      // useCache: false — Eleventy Image's caches live as long as the process and would not see
      // a version removed since; the check above is the cache.
      await eleventyImage(path.join(table.root, use.source), { ...options(table, info.format, folder), useCache: false });
    } catch (err) {
      reporter.error(use.file, use.line, use.column, "image-unreadable",
        `image ${use.source} could not be converted (${(err as Error).message}); open it in an image editor and save it again`);
    }
  }));
  if (prune) pruneFolder(output, IMAGE_FOLDER, VERSION_NAME, keep);
}
