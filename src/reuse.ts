import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Files a build makes slowly and names after their content (image versions, social cards) are
 * kept from one build to the next through the output itself: a fresh output folder gets the
 * previous build's files as hard links (copies where links are refused), so nothing is written
 * outside `_site/`, and a file already there is one that need not be made again.
 */
export function seedFolder(previous: string, output: string, folder: string, names: RegExp, folders?: Set<string>): void {
  const from = path.join(previous, folder);
  if (!existsSync(from)) return;
  const link = createLinker(folders);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isFile() && names.test(entry.name)) link(path.join(from, entry.name), path.join(output, folder, entry.name));
  }
}

/**
 * Hard links (a copy where the file system refuses links) into one output: false when the source is
 * gone. The folders it made are remembered, so a folder shared by many files is made once; `made`
 * may start with the folders the output has already (src/build.ts, claimSpare).
 */
export function createLinker(made = new Set<string>()): (from: string, to: string) => boolean {
  return (from, to) => {
    try {
      const folder = path.dirname(to);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      try {
        linkSync(from, to);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
        copyFileSync(from, to);
      }
      return true;
    } catch {
      return false;
    }
  };
}

/** Removes the files of `folder` that match `names` but are not in `keep`: ones no page uses any more. */
export function pruneFolder(output: string, folder: string, names: RegExp, keep: ReadonlySet<string>): void {
  const dir = path.join(output, folder);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (names.test(name) && !keep.has(name)) rmSync(path.join(dir, name), { force: true });
}

/** Removes a folder of an output, and forgets it and the folders in it (createLinker would take them as made). */
export function removeFolder(folders: Set<string> | undefined, folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  if (folders) for (const made of folders) if (made === folder || made.startsWith(`${folder}${path.sep}`)) folders.delete(made);
}

/**
 * Makes room for a file in an output whose folders were there before it (src/build.ts, claimSpare):
 * where the output before last had a folder (a page's) and this one has a file, the folder, empty
 * but for other folders, is removed first.
 */
export function clearPlace(folders: Set<string> | undefined, file: string): void {
  if (folders?.has(file)) removeFolder(folders, file);
}
