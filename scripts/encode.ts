// npm run bench -- --encode <folder of JPEG/PNG images>
// Time and bytes of each encoder setting at each width the build writes, one image after the other on
// one thread (CPU time, not wall time), and the decode: once per width, or once for all widths.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const WIDTHS = [480, 960, 1440];
const ENCODERS: Record<string, (image: sharp.Sharp) => sharp.Sharp> = {
  "AVIF effort 0": (s) => s.avif({ effort: 0 }),
  "AVIF effort 1": (s) => s.avif({ effort: 1 }),
  "AVIF effort 2": (s) => s.avif({ effort: 2 }),
  "WebP effort 0": (s) => s.webp({ effort: 0 }),
  "WebP effort 2": (s) => s.webp({ effort: 2 }),
  "WebP effort 4": (s) => s.webp({ effort: 4 }),
};

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

export async function measureEncoding(folder: string): Promise<void> {
  sharp.concurrency(1);
  sharp.cache(false);
  const files = readdirSync(folder).filter((f) => /\.(?:jpe?g|png)$/i.test(f)).map((f) => path.join(folder, f));
  const totals = new Map<string, { ms: number; bytes: number }>();
  let perWidth = 0;
  let once = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const width of WIDTHS) {
      const [ms, pixels] = await timed(() => sharp(bytes, { failOn: "truncated" }).rotate().resize({ width, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true }));
      perWidth += ms;
      for (const [name, encode] of Object.entries(ENCODERS)) {
        const [took, out] = await timed(() => encode(sharp(pixels.data, { raw: pixels.info })).toBuffer());
        const key = `${name} @ ${width}`;
        const total = totals.get(key) ?? { ms: 0, bytes: 0 };
        totals.set(key, { ms: total.ms + took, bytes: total.bytes + out.length });
      }
    }
    const [first, widest] = await timed(() => sharp(bytes).rotate().resize({ width: WIDTHS.at(-1), withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true }));
    const [rest] = await timed(() => Promise.all(WIDTHS.slice(0, -1).map((width) => sharp(widest.data, { raw: widest.info }).resize({ width }).raw().toBuffer())));
    once += first + rest;
  }
  console.log(`${files.length} images; decoding: once per width ${(perWidth / 1000).toFixed(2)} s, once for all widths ${(once / 1000).toFixed(2)} s`);
  console.log("setting              width      s      KiB");
  for (const [key, { ms, bytes }] of totals) {
    const [name, width] = key.split(" @ ");
    console.log(`${name!.padEnd(20)} ${width!.padStart(5)} ${(ms / 1000).toFixed(2).padStart(7)} ${(bytes / 1024).toFixed(0).padStart(8)}`);
  }
}
