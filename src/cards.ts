import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { constants, crc32, deflate } from "node:zlib";
import type { Font, Glyph } from "opentype.js";
import pMap from "p-map";
import type { Reporter } from "./diagnostics.ts";
import { loadSharp } from "./native.ts";
import { pruneFolder } from "./reuse.ts";
import { CARD_FOLDER } from "./routes.ts";
import { defaultSiteConfig, rgbOf } from "./site.ts";

/** Card file names: a hash of everything drawn on the card. Only these are pruned or reused. */
export const CARD_NAME = /^[0-9a-f]{16}\.png$/;
/** The size Open Graph and Twitter's large card show best. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** What a post's card shows. */
export interface CardText {
  site: string;
  title: string;
  date: string;
  tags: string[];
  /** The site's accent colour, the card's background (white text: the accent is dark enough for links). */
  accent?: string;
}

/** A post's card: the file it goes to, and what it shows. */
export interface Card {
  name: string;
  text: CardText;
  /** The post, for a diagnostic if the card cannot be drawn. */
  file: string;
}

// Inter (SIL Open Font License) from @fontsource/inter: Latin and Latin Extended cover Portuguese
// and the rest of Western and Central Europe. A letter neither file has is drawn as the font's
// missing-glyph box.
const require = createRequire(import.meta.url);
const FONT_VERSION = (require("@fontsource/inter/package.json") as { version: string }).version;
type Weight = 400 | 700;
let fonts: Record<Weight, Font[]> | undefined;

/** The font files of one weight, in the order a letter is looked for (read by loadFonts). */
function fontsOf(weight: Weight): Font[] {
  if (!fonts) throw new Error("the card fonts are read in drawCard before any text is laid out");
  return fonts[weight];
}

/**
 * Reads the fonts once, when the first card is drawn: opentype.js is imported here, not at the top,
 * so a build with every card already drawn never loads it (0.09 s), and parsing takes 0.1 s.
 */
async function loadFonts(): Promise<void> {
  if (fonts) return;
  const { default: opentype } = await import("opentype.js");
  fonts = Object.fromEntries(([400, 700] as const).map((w) => [w, ["latin", "latin-ext"].map((range) => {
    const data = readFileSync(require.resolve(`@fontsource/inter/files/inter-${range}-${w}-normal.woff`));
    return opentype.parse(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  })])) as Record<Weight, Font[]>;
}

// The design, in pixels. The card is laid out once, here, as a column: the site's name at the top,
// the date and tags at the bottom, the title (up to four lines, its size by its length) centred
// between them. Only the text varies: each glyph is drawn once per size and stamped where it goes.
const PAD_X = 72;
const PAD_Y = 64;
const INNER = CARD_WIDTH - 2 * PAD_X;
const TITLE_LINES = 4;
const TITLE_LEADING = 1.15;
const TAGS_WIDTH = 640;
const TAG_GAP = 24;
const TEXT = "#ffffff";
const MUTED = "#cfe3ff";
/** One style of text on the card. `ink` is its colour's place in the palette (1: white, 2: muted). */
interface Style { weight: Weight; size: number; ink: 1 | 2 }
const SITE: Style = { weight: 700, size: 32, ink: 2 };
const FOOT: Style = { weight: 400, size: 30, ink: 2 };
const titleStyle = (title: string): Style =>
  ({ weight: 700, size: title.length <= 30 ? 80 : title.length <= 60 ? 68 : title.length <= 90 ? 56 : 48, ink: 1 });

/** One glyph on the card: its pen position (x, and y on the baseline), in whole pixels. */
interface Placed { font: Font; glyph: Glyph; style: Style; x: number; y: number }

/** The glyphs of one line of text, with kerning, from x = 0; and the line's width. */
function shape(text: string, style: Style): { glyphs: { font: Font; glyph: Glyph; x: number }[]; width: number } {
  const files = fontsOf(style.weight);
  const glyphs: { font: Font; glyph: Glyph; x: number }[] = [];
  let x = 0;
  let previous: { font: Font; glyph: Glyph } | undefined;
  for (const char of text) {
    const font = files.find((f) => f.charToGlyphIndex(char) > 0) ?? files[0]!;
    const glyph = font.charToGlyph(char);
    const scale = style.size / font.unitsPerEm;
    if (previous?.font === font) x += font.getKerningValue(previous.glyph, glyph) * scale;
    glyphs.push({ font, glyph, x });
    x += (glyph.advanceWidth ?? 0) * scale;
    previous = { font, glyph };
  }
  return { glyphs, width: x };
}

const widthOf = (text: string, style: Style) => shape(text, style).width;

/** The text cut, with an ellipsis, to fit the width (unchanged if it fits). */
function fit(text: string, style: Style, width: number): string {
  if (widthOf(text, style) <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && widthOf(`${chars.join("").trimEnd()}…`, style) > width) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

/**
 * The text broken into lines of at most `width`: after spaces and dashes, as a browser would, and
 * inside a word only when the word alone is wider than the line. Past `max` lines, the last one
 * ends in an ellipsis.
 */
function wrap(text: string, style: Style, width: number, max: number): string[] {
  const pieces = text.trim().split(/(?<=[\s\-–—/])/u).flatMap((piece) => {
    if (widthOf(piece.trimEnd(), style) <= width) return [piece];
    const parts: string[] = [];
    for (const char of piece) {
      if (parts.length > 0 && widthOf(parts.at(-1)! + char, style) <= width) parts[parts.length - 1] += char;
      else parts.push(char);
    }
    return parts;
  });
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line !== "" && widthOf((line + piece).trimEnd(), style) > width) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line += piece;
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), fit(`${lines[max - 1]}…`, style, width)];
}

/** Every glyph of the card, placed. */
function layout(text: CardText): Placed[] {
  // One space for any run of white space (a line break in a title is a space in a browser too);
  // composed accents, which the font draws as one glyph; and no more letters than four lines of the
  // narrowest ones hold (a title) or one line (the rest), so that a huge value costs no more than that.
  const clean = (s: string, most = 200) => [...s.replace(/\s+/gu, " ").trim().normalize("NFC")].slice(0, most).join("");
  const [site, title, date] = [clean(text.site), clean(text.title, 500), clean(text.date)];
  const tags = text.tags.slice(0, 5).map((tag) => clean(tag));
  const placed: Placed[] = [];
  const put = (line: string, style: Style, x: number, baseline: number) => {
    for (const g of shape(line, style).glyphs) placed.push({ font: g.font, glyph: g.glyph, style, x: Math.round(x + g.x), y: Math.round(baseline) });
  };
  // CSS's "normal" line height is the font's ascent plus descent; the baseline sits at the ascent,
  // below half of what a taller line adds.
  const metrics = fontsOf(400)[0]!;
  const ascent = metrics.ascender / metrics.unitsPerEm;
  const normal = (metrics.ascender - metrics.descender) / metrics.unitsPerEm;
  const baseline = (top: number, style: Style, leading = normal) => top + ((leading - normal) * style.size) / 2 + ascent * style.size;

  const heading = titleStyle(title);
  const lines = wrap(title, heading, INNER, TITLE_LINES);
  // The tags, right-aligned, wrapped within their width: each `#tag` with a gap before it.
  const tagRows: string[][] = [];
  let rowWidth = Infinity;
  for (const tag of tags.map((t) => fit(`#${t}`, FOOT, TAGS_WIDTH - TAG_GAP))) {
    const w = TAG_GAP + widthOf(tag, FOOT);
    if (rowWidth + w > TAGS_WIDTH) {
      tagRows.push([]);
      rowWidth = 0;
    }
    tagRows.at(-1)!.push(tag);
    rowWidth += w;
  }
  const siteHeight = normal * SITE.size;
  const titleHeight = lines.length * TITLE_LEADING * heading.size;
  const footHeight = Math.max(1, tagRows.length) * normal * FOOT.size;
  const gap = (CARD_HEIGHT - 2 * PAD_Y - siteHeight - titleHeight - footHeight) / 2;

  put(fit(site, SITE, INNER), SITE, PAD_X, baseline(PAD_Y, SITE));
  const titleTop = PAD_Y + siteHeight + gap;
  lines.forEach((line, i) => put(line, heading, PAD_X, baseline(titleTop + i * TITLE_LEADING * heading.size, heading, TITLE_LEADING)));
  const footBottom = CARD_HEIGHT - PAD_Y;
  put(fit(date, FOOT, INNER - TAGS_WIDTH), FOOT, PAD_X, baseline(footBottom - normal * FOOT.size, FOOT));
  tagRows.forEach((row, i) => {
    const top = footBottom - (tagRows.length - i) * normal * FOOT.size;
    let x = CARD_WIDTH - PAD_X;
    for (const tag of row.toReversed()) {
      x -= widthOf(tag, FOOT);
      put(tag, FOOT, x, baseline(top, FOOT));
      x -= TAG_GAP;
    }
  });
  return placed;
}

/** A glyph's coverage (0–255) at one size, and where its top-left pixel sits from the pen position. */
interface Bitmap { left: number; top: number; width: number; height: number; alpha: Buffer }
const bitmaps = new Map<string, Promise<Bitmap | undefined>>();

/** A glyph's bitmap: its outline drawn by sharp (librsvg) once per font, glyph and size. */
function bitmapOf({ font, glyph, style }: Placed): Promise<Bitmap | undefined> {
  const key = `${style.weight}/${fontsOf(style.weight).indexOf(font)}/${glyph.index}/${style.size}`;
  let bitmap = bitmaps.get(key);
  if (!bitmap) {
    bitmap = (async () => {
      const box = glyph.getBoundingBox();
      if (box.x2 <= box.x1 || box.y2 <= box.y1) return undefined; // a space
      const scale = style.size / font.unitsPerEm;
      // One pixel of margin around the outline, for its antialiased edge.
      const left = Math.floor(box.x1 * scale) - 1;
      const top = Math.floor(-box.y2 * scale) - 1;
      const width = Math.ceil(box.x2 * scale) - left + 1;
      const height = Math.ceil(-box.y1 * scale) - top + 1;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><path d="${glyph.getPath(-left, -top, style.size).toPathData(3)}"/></svg>`;
      const alpha = await loadSharp()(Buffer.from(svg)).extractChannel(3).raw().toBuffer();
      return { left, top, width, height, alpha };
    })();
    bitmaps.set(key, bitmap);
  }
  return bitmap;
}

/**
 * Shades of each ink between the background and the ink itself. At these sizes 32 showed no
 * difference to the eye from 64 (cards compared side by side), and compress better: 9 % smaller
 * cards, compressed in 15 % less time.
 */
const LEVELS = 32;
/** A glyph pixel's coverage (0–255) as a shade (0: none, LEVELS: full). */
const SHADE = Uint8Array.from({ length: 256 }, (_, alpha) => Math.round((alpha * LEVELS) / 255));

/** The card's palette: the background, then each ink's shades from faint to full. */
function palette(accent: string): Buffer {
  const background = rgbOf(accent);
  const shades = [TEXT, MUTED].flatMap((ink) => Array.from({ length: LEVELS }, (_, i) =>
    rgbOf(ink).map((c, k) => Math.round(background[k]! + ((c - background[k]!) * (i + 1)) / LEVELS))));
  return Buffer.from([background, ...shades].flat());
}

const deflateAsync = promisify(deflate);
/**
 * zlib's fastest level: 0.76 ms a card against 2.60 ms at its default, for 22.6 KB against 16.1 KB
 * (BENCHMARKS.md, "Social cards"). A cold build draws a card for every post and social networks
 * fetch one now and then: the build's time is worth more than the bytes.
 */
const LEVEL = constants.Z_BEST_SPEED;

/**
 * Draws a card: a palette PNG, each pixel the background or a shade of one ink. The stamped glyphs
 * make the pixels' palette indices directly, PNG rows unfiltered as the format advises for palette
 * images, and zlib compresses them on Node's thread pool. (sharp writes only RGB PNGs from pixels,
 * 6.4 ms a card, and fast-png's palette PNGs took 9–15 ms.)
 */
export async function drawCard(text: CardText): Promise<Buffer> {
  await loadFonts();
  const placed = layout(text);
  const glyphs = await Promise.all(placed.map(bitmapOf));
  // Each row is its filter byte (0, none) and a byte per pixel.
  const stride = CARD_WIDTH + 1;
  const pixels = new Uint8Array(stride * CARD_HEIGHT);
  placed.forEach(({ x, y, style }, n) => {
    const g = glyphs[n];
    if (!g) return;
    const first = 1 + (style.ink - 1) * LEVELS;
    for (let row = 0; row < g.height; row++) {
      const py = y + g.top + row;
      if (py < 0 || py >= CARD_HEIGHT) continue;
      for (let col = 0; col < g.width; col++) {
        const px = x + g.left + col;
        const level = SHADE[g.alpha[row * g.width + col]!]!;
        if (level === 0 || px < 0 || px >= CARD_WIDTH) continue;
        const at = py * stride + 1 + px;
        // Where two glyphs touch, the fuller coverage wins.
        if (pixels[at] === 0 || ((pixels[at]! - 1) % LEVELS) + 1 < level) pixels[at] = first + level - 1;
      }
    }
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(CARD_WIDTH, 0);
  header.writeUInt32BE(CARD_HEIGHT, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8-bit palette indices; compression and filter method 0, the only ones PNG has; not interlaced
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header), chunk("PLTE", palette(text.accent ?? defaultSiteConfig.accent)), chunk("IDAT", await deflateAsync(pixels, { level: LEVEL })), chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A PNG chunk: length, type, data, and the CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// This file's own code and the font's version: a change to either makes every card anew.
const DESIGN = createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url))).update(FONT_VERSION).digest("hex");

/** The card's file name: a hash of what it shows and of its design, so any change makes a new file. */
export function cardName(text: CardText): string {
  return `${createHash("sha256").update(DESIGN).update(JSON.stringify(text)).digest("hex").slice(0, 16)}.png`;
}

/**
 * Draws every card not already in `<output>/social/` (names carry a hash of what they show, so a
 * file there is right) and, unless told otherwise, removes cards no post uses. A card is laid out
 * on this thread and compressed on zlib's; a few at a time keep every core busy.
 */
export async function writeCards(cards: Card[], output: string, reporter: Reporter, { prune = true, known }: { prune?: boolean; known?: Set<string> } = {}): Promise<void> {
  const folder = path.join(output, CARD_FOLDER);
  // `known`: the live preview's cards already on disk, not looked for again (10,000 lookups took 60 ms a rebuild).
  const missing = cards.filter((card) => {
    if (known?.has(card.name)) return false;
    if (!existsSync(path.join(folder, card.name))) return true;
    known?.add(card.name);
    return false;
  });
  if (missing.length > 0) mkdirSync(folder, { recursive: true });
  await pMap(missing, async (card) => {
    try {
      await writeFile(path.join(folder, card.name), await drawCard(card.text));
      known?.add(card.name);
    } catch (err) {
      reporter.error(card.file, 1, 1, "card-failed",
        `the social card for this post could not be drawn (${(err as Error).message}); set image: in the front matter to use a picture of your own`);
    }
  }, { concurrency: availableParallelism() + 1 });
  if (prune) pruneFolder(output, CARD_FOLDER, CARD_NAME, new Set(cards.map((card) => card.name)));
}
