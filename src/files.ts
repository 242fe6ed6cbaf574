import { existsSync, lstatSync, readdirSync } from "node:fs";
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
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const child = `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        reporter.error(child, 0, 0, "symlink",
          "this is a symbolic link; the build does not follow links (they can reach outside the site): copy the file in instead");
      } else if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push({ path: child.normalize("NFC"), source: child });
    }
  };
  if (lstatSync(path.join(root, folder)).isSymbolicLink()) {
    reporter.error(folder, 0, 0, "symlink", `${folder}/ is a symbolic link; make it a real folder`);
    return files;
  }
  walk(folder);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
