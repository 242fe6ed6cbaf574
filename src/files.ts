import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import path from "node:path";
import type { Reporter } from "./diagnostics.ts";

export interface SiteFile {
  /** Site-relative, forward slashes, Unicode NFC: the key links are resolved against. */
  path: string;
  /** Site-relative path as the file system spells it. */
  source: string;
}

/**
 * Site-relative paths (forward slashes, NFC) of the files under `folder`, sorted. Hidden files
 * are skipped, as Jekyll does; a symlink is refused, since it could publish files from outside the site.
 */
export function listFiles(root: string, folder: string, reporter: Reporter): SiteFile[] {
  const files: SiteFile[] = [];
  if (!existsSync(path.join(root, folder))) return files;
  const walk = (relative: string) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch (err) {
      reporter.error(shortPath(relative), 0, 0, "unreadable",
        `this folder cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); check its permissions, or move it out of the site`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        reporter.error(child, 0, 0, "symlink",
          "this is a symbolic link; the build does not follow links (they can reach outside the site): copy the file in instead");
      } else if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push({ path: child.normalize("NFC"), source: child });
      else {
        reporter.warning(child, 0, 0, "not-a-file",
          "this is not a regular file (a FIFO, socket or device), so it is not read or published; delete it or replace it with a file");
      }
    }
  };
  if (lstatSync(path.join(root, folder)).isSymbolicLink()) {
    reporter.error(folder, 0, 0, "symlink", `${folder}/ is a symbolic link; make it a real folder`);
    return files;
  }
  walk(folder);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Why a file was not read: each a diagnostic code, with the words of its message. */
export type ReadFailure =
  | { code: "symlink"; message: string }
  | { code: "not-a-file"; message: string }
  | { code: "too-large"; size: number; message: string }
  | { code: "unreadable"; message: string };

/**
 * A file's bytes, read only when it is a regular file (a symlink is not followed, a FIFO or device
 * never opened for reading) and its size, checked before reading, is at most `maxBytes`.
 */
export function readRegularFile(file: string, maxBytes: number): { bytes: Buffer } | ReadFailure {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer for ever. O_NOFOLLOW: no symlink.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { code: "symlink", message: "it is a symbolic link, which the build does not follow (it can reach outside the site): copy the file in instead" };
    return { code: "unreadable", message: `it cannot be read (${code ?? String(err)}): check that it exists and that its permissions let you read it` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { code: "not-a-file", message: "it is not a regular file (a FIFO, socket or device); replace it with a file" };
    if (stat.size > maxBytes) {
      return { code: "too-large", size: stat.size, message: `it is ${formatMiB(stat.size)}; the limit is ${formatMiB(maxBytes)}` };
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: bytes.subarray(0, read) };
  } catch (err) {
    return { code: "unreadable", message: `it cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check its permissions and the disk` };
  } finally {
    closeSync(fd);
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** True for a symbolic link (dangling ones too), without following it. */
export function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A path as a message prints it: a runaway one (a folder tree thousands deep) cut in the middle. */
export function shortPath(file: string): string {
  return file.length <= 120 ? file : `${file.slice(0, 50)}…${file.slice(-60)}`;
}

/** Whether a regular file opens with a `---` line's start (front matter), reading three bytes only. */
export function opensWithFrontMatter(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(3);
    return fstatSync(fd).isFile() && readSync(fd, head, 0, 3, 0) === 3 && head.toString("latin1") === "---";
  } finally {
    closeSync(fd);
  }
}
