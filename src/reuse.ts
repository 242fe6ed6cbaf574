import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Files a build makes slowly and names after their content (image versions, social cards) are
 * kept from one build to the next through the output itself: a fresh output folder gets the
 * previous build's files as hard links (copies where links are refused), so nothing is written
 * outside `_site/`, and a file already there is one that need not be made again.
 */
export function seedFolder(previous: string, output: string, folder: string, names: RegExp): void {
  const from = path.join(previous, folder);
  if (!existsSync(from)) return;
  const to = path.join(output, folder);
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (!entry.isFile() || !names.test(entry.name)) continue;
    try {
      linkSync(path.join(from, entry.name), path.join(to, entry.name));
    } catch {
      copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
    }
  }
}

/** Removes the files of `folder` that match `names` but are not in `keep`: ones no page uses any more. */
export function pruneFolder(output: string, folder: string, names: RegExp, keep: ReadonlySet<string>): void {
  const dir = path.join(output, folder);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (names.test(name) && !keep.has(name)) rmSync(path.join(dir, name), { force: true });
}
