import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { ImageMetadata } from "@11ty/eleventy-img";
import pMap from "p-map";
import type { SharpOptions } from "sharp";
import type { Reporter } from "./diagnostics.ts";
import { escapeHtml } from "./escape.ts";
import { loadEleventyImage, loadSharp } from "./native.ts";
import { pruneFolder } from "./reuse.ts";
import { IMAGE_FOLDER } from "./routes.ts";


/**
 * Widths of the re-encoded versions; never wider than the original (Eleventy Image does not upscale).
 * AVIF, which nearly every browser shows, at three; WebP, only for browsers without AVIF, at one
 * (BENCHMARKS.md, "Image encoding": on 32 real images, 0.55 s at 960 px against 1.85 s at three widths).
 */
const WIDTHS: Record<string, number[]> = { avif: [480, 960, 1440], webp: [960] };

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

/**
 * The versions an image of this format gets (a WebP original is its own fallback: AVIF only), by
 * format. Eleventy Image names each one by a hash of the image's bytes and of the encoder settings
 * (which src/images.ts applies itself, in encodeVersions): new settings, new files. One Image for
 * every format, so the file is read and hashed once; each format keeps its own widths.
 */
function versionsOf(table: ImageTable, file: string, format: string, width: number, height: number): ImageMetadata {
  const formats = Object.keys(WIDTHS).filter((f) => f !== format);
  const { Image } = loadEleventyImage();
  const stats = new Image(file, {
    widths: [...new Set(formats.flatMap((f) => WIDTHS[f]!))], formats, urlPath: `${table.baseurl}/${IMAGE_FOLDER}/`, outputDir: IMAGE_FOLDER,
    sharpOptions: DECODE, sharpAvifOptions: AVIF, sharpWebpOptions: WEBP,
  }).statsByDimensionsSync(width, height);
  return Object.fromEntries(formats.map((f) => [f, onlyWidths(stats[f]!, WIDTHS[f]!)]));
}

/**
 * The versions Eleventy Image would have listed for these widths alone: each width, or the original's
 * where it is narrower (it never enlarges), once.
 */
function onlyWidths(stats: ImageMetadata[string], widths: number[]): ImageMetadata[string] {
  const kept = widths.map((w) => stats.filter((stat) => stat.width <= w).at(-1)).filter((stat) => stat !== undefined);
  return [...new Set(kept)];
}

/** No photo a blog shows comes near this (a 50 MP JPEG is about 25 MiB). */
export const MAX_IMAGE_BYTES = 64 * 2 ** 20;

/** Where a JPEG's size is found: after its EXIF, XMP and colour profile, rarely past this. */
const HEADER_BYTES = 512 * 2 ** 10;

/** The image's size and orientation from its first bytes, or from the whole file when they are not enough. */
function readHeader(file: string, size: number): ReturnType<typeof import("@11ty/eleventy-img").ImageSize> {
  const { ImageSize } = loadEleventyImage();
  if (size > HEADER_BYTES) {
    const head = Buffer.alloc(HEADER_BYTES);
    const fd = openSync(file, "r");
    try {
      readSync(fd, head, 0, HEADER_BYTES, 0);
    } finally {
      closeSync(fd);
    }
    try {
      const header = ImageSize(head);
      if (header.width && header.height) return header;
    } catch {
      // Its size lies further in.
    }
  }
  return ImageSize(readFileSync(file));
}

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
    // Bounded first, as every file the build reads.
    if (size > MAX_IMAGE_BYTES) throw new Error(`it is ${(size / 2 ** 20).toFixed(1)} MiB, over the ${MAX_IMAGE_BYTES / 2 ** 20} MiB an image may be; make it smaller`);
    const header = readHeader(file, size);
    if (!header.width || !header.height) throw new Error("its width and height could not be found");
    // EXIF orientations 5 to 8 turn the picture a quarter: the browser shows it the other way round.
    const turned = (header.orientation ?? 1) >= 5;
    const width = turned ? header.height : header.width;
    const height = turned ? header.width : header.height;
    const format = REENCODED[header.type ?? ""];
    info = format
      ? { width, height, format, variants: versionsOf(table, file, format, width, height) }
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
  return loadEleventyImage().generateHTML({ ...info.variants, [info.format]: [original] }, {
    alt, ...(title ? { title: escapeHtml(title) } : {}), sizes: SIZES, ...loading,
  });
}

/**
 * The encoders' settings, chosen by the table in BENCHMARKS.md ("Image encoding", 32 real photos
 * and screenshots): AVIF, which nearly every browser picks, at effort 1 (a third of effort 2's time
 * for 8 % more bytes); WebP, which only browsers without AVIF get, at effort 0. Qualities are
 * sharp's defaults (AVIF 50, WebP 80), as Eleventy Image's are.
 */
const AVIF = { effort: 1 };
const WEBP = { effort: 0 };
/** sharp reads a truncated JPEG as a grey-bottomed picture unless told to refuse it. */
const DECODE: SharpOptions = { failOn: "truncated" };

/**
 * Encodes one image's versions, decoding it once: turned by its EXIF orientation and shrunk to the
 * widest version (JPEG shrinks while it decodes), then each narrower width from those pixels, each
 * written under a temporary name and renamed, so a killed build never leaves half a file that a
 * later build would take as made.
 */
async function encodeVersions(file: string, variants: ImageMetadata, folder: string): Promise<void> {
  const sharp = loadSharp();
  const versions = Object.entries(variants).flatMap(([format, stats]) => stats.map((stat) => ({ format, width: stat.width, name: versionName(stat) })));
  const widths = [...new Set(versions.map((v) => v.width))].sort((a, b) => b - a);
  let pixels = await sharp(file, DECODE).rotate().resize({ width: widths[0], withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  for (const width of widths) {
    if (width < pixels.info.width) pixels = await sharp(pixels.data, { raw: pixels.info }).resize({ width }).raw().toBuffer({ resolveWithObject: true });
    const from = pixels;
    await Promise.all(versions.filter((v) => v.width === width).map(async ({ format, name }) => {
      const image = sharp(from.data, { raw: from.info });
      const target = path.join(folder, name);
      const partial = `${target}.${process.pid}.part`;
      await (format === "avif" ? image.avif(AVIF) : image.webp(WEBP)).toFile(partial);
      await rename(partial, target);
    }));
  }
}

function versionName(stat: { outputPath?: string; url: string }): string {
  return path.basename(stat.outputPath ?? stat.url);
}

/**
 * Encodes the versions of every image the posts show into `<output>/img/`, skipping the ones
 * already there (names carry a hash of the image's bytes, so a file there is the right one), and
 * removes versions no post shows any more. `uses` names each image once (loadBlog keeps the first
 * post that shows it); they are encoded as many at a time as there are cores.
 */
export async function writeImages(
  table: ImageTable, uses: ImageUse[], output: string, reporter: Reporter, { prune = true } = {},
): Promise<void> {
  const folder = path.join(output, IMAGE_FOLDER);
  const keep = new Set<string>();
  const todo: { use: ImageUse; variants: ImageMetadata }[] = [];
  for (const use of uses) {
    const info = table.described.get(use.source)?.info;
    if (!info || info instanceof Error || !info.variants) continue;
    const names = Object.values(info.variants).flat().map(versionName);
    for (const name of names) keep.add(name);
    if (!names.every((name) => existsSync(path.join(folder, name)))) todo.push({ use, variants: info.variants });
  }
  if (todo.length > 0) await mkdir(folder, { recursive: true });
  await pMap(todo, async ({ use, variants }) => {
    try {
      await encodeVersions(path.join(table.root, use.source), variants, folder);
    } catch (err) {
      reporter.error(use.file, use.line, use.column, "image-unreadable",
        `image ${use.source} could not be converted (${(err as Error).message}); open it in an image editor and save it again`);
    }
  }, { concurrency: availableParallelism() });
  if (prune) pruneFolder(output, IMAGE_FOLDER, VERSION_NAME, keep);
}
