// npm run bench -- --cards 500
// Social cards: the time to draw one (one at a time: CPU per card; all at once as the build does: wall
// per card), and the bytes of the same pixels in each format social networks read, with its encode time.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { constants, deflateSync, inflateSync } from "node:zlib";
import sharp from "sharp";
import { type CardText, drawCard, writeCards } from "../src/cards.ts";
import { createReporter } from "../src/diagnostics.ts";
import { generateCorpus } from "./corpus.ts";

const ENCODERS: Record<string, (image: sharp.Sharp) => sharp.Sharp> = {
  "PNG, RGB (sharp)": (s) => s.png(),
  "JPEG quality 85": (s) => s.jpeg({ quality: 85 }),
  "WebP quality 85": (s) => s.webp({ quality: 85 }),
  "WebP lossless": (s) => s.webp({ lossless: true }),
};

export async function measureCards(count: number): Promise<void> {
  const texts: CardText[] = generateCorpus(count).map((post) =>
    ({ site: "Anotações de infraestrutura", title: post.title, date: post.date, tags: post.tags }));
  // The font is read and the glyphs drawn on the first cards: warm up on ten, as a build's first cards pay it once.
  for (const text of texts.slice(0, 10)) await drawCard({ ...text, title: `${text.title}!` });

  const cpu = process.cpuUsage();
  const started = performance.now();
  const pngs: Buffer[] = [];
  for (const text of texts) pngs.push(await drawCard(text));
  const used = process.cpuUsage(cpu);
  const oneByOne = (performance.now() - started) / count;
  const cpuPerCard = (used.user + used.system) / 1000 / count;

  const folder = mkdtempSync(path.join(os.tmpdir(), "cards-"));
  const at = performance.now();
  await writeCards(texts.map((text, i) => ({ name: `${String(i).padStart(16, "0")}.png`, text, file: `post-${i}` })), folder, createReporter(), { prune: false });
  const allAtOnce = (performance.now() - at) / count;
  const written = readdirSync(path.join(folder, "social")).map((f) => statSync(path.join(folder, "social", f)).size);
  rmSync(folder, { recursive: true, force: true });

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`${count} cards: ${cpuPerCard.toFixed(2)} ms CPU a card drawn one at a time (${oneByOne.toFixed(2)} ms wall); ` +
    `${allAtOnce.toFixed(2)} ms wall a card drawn as the build does, on ${os.availableParallelism()} cores`);
  console.log(`| format | mean bytes | encode ms a card (one at a time, from pixels) |\n|---|---:|---:|`);
  console.log(`| PNG, palette (the build's) | ${mean(written).toFixed(0)} | (in the figures above) |`);
  // The build's pixels again, compressed at each of zlib's levels: the time against the bytes.
  const sample = pngs.slice(0, Math.min(100, count));
  const rows = sample.map(pixelRows);
  for (const level of [constants.Z_BEST_SPEED, 2, 4, constants.Z_DEFAULT_COMPRESSION, constants.Z_BEST_COMPRESSION]) {
    const start = performance.now();
    const sizes = rows.map((data) => deflateSync(data, { level }).length);
    const name = level === constants.Z_DEFAULT_COMPRESSION ? "6, zlib's default" : String(level);
    console.log(`| PNG, palette, zlib level ${name} (compressed data alone) | ${mean(sizes).toFixed(0)} | ${((performance.now() - start) / rows.length).toFixed(2)} |`);
  }
  sharp.concurrency(1);
  const pixels = await Promise.all(sample.map((png) => sharp(png).raw().toBuffer({ resolveWithObject: true })));
  for (const [name, encode] of Object.entries(ENCODERS)) {
    const start = performance.now();
    const sizes: number[] = [];
    for (const { data, info } of pixels) sizes.push((await encode(sharp(data, { raw: info })).toBuffer()).length);
    console.log(`| ${name} | ${mean(sizes).toFixed(0)} | ${((performance.now() - start) / sample.length).toFixed(2)} |`);
  }
}

/** A PNG's pixel rows, as its IDAT chunks hold them compressed. */
function pixelRows(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(parts));
}
