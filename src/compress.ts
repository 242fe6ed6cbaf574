import { link, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import pMap from "p-map";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Text files a host may send compressed. Images, fonts and Pagefind's chunks are compressed already. */
const COMPRESSIBLE = /\.(?:html|css|js|mjs|json|xml|svg|txt|webmanifest)$/;
/** Files every visitor loads (stylesheet, scripts) get Brotli's best; pages a quick, nearly as good level. */
const SHARED = /\.(?:css|js|mjs)$/;
/** Files compressed at once: enough to keep both cores and the disk busy, not a file handle per page. */
const PARALLEL = 8;

async function listCompressible(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && COMPRESSIBLE.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

/**
 * Writes `x.br` and `x.gz` beside every text file of a built site, for hosts that serve them as
 * they are (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`, sirv). Skipped where
 * compressing would not make the file smaller. A file unchanged since the `previous` build takes
 * that build's copies (hard links) instead of being compressed again.
 */
export async function compressSite(output: string, previous?: string): Promise<void> {
  await pMap(await listCompressible(output), async (file) => {
    const bytes = await readFile(file);
    if (previous && (await reuse(path.relative(output, file), bytes, output, previous))) return;
    const quality = SHARED.test(file) ? zlib.constants.BROTLI_MAX_QUALITY : 5;
    const [br, gz] = await Promise.all([
      brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
      gzip(bytes, { level: 9 }),
    ]);
    if (br.length < bytes.length) await writeFile(`${file}.br`, br);
    if (gz.length < bytes.length) await writeFile(`${file}.gz`, gz);
  }, { concurrency: PARALLEL });
}

/** Links the previous build's .br and .gz of a file whose bytes have not changed; false if it cannot. */
async function reuse(relative: string, bytes: Buffer, output: string, previous: string): Promise<boolean> {
  const old = await readFile(path.join(previous, relative)).catch(() => undefined);
  if (!old?.equals(bytes)) return false;
  try {
    for (const suffix of [".br", ".gz"]) {
      await link(path.join(previous, relative + suffix), path.join(output, relative + suffix)).catch((err: NodeJS.ErrnoException) => {
        // The previous build did not write it (not smaller): neither would this one.
        if (err.code !== "ENOENT") throw err;
      });
    }
    return true;
  } catch {
    // Compressed afresh instead: unlink first, so no write can reach the previous build's file.
    await Promise.all([".br", ".gz"].map((suffix) => rm(path.join(output, relative + suffix), { force: true })));
    return false;
  }
}

/**
 * Removes the compressed copies: the live preview rewrites pages in place, and a `.br` left
 * beside a page it changed would be served instead of it.
 */
export async function removeCompressed(output: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(output, { recursive: true, withFileTypes: true });
  } catch {
    return;
  }
  await Promise.all(entries.filter((e) => e.isFile() && /\.(?:br|gz)$/.test(e.name))
    .map((e) => rm(path.join(e.parentPath, e.name), { force: true })));
}
