/** One line for an error that is not a diagnostic (a full disk, a permission): what failed and what to do, no stack. */
export function describeFailure(err: unknown): string {
  // Eleventy wraps the error that stopped it; the innermost one says what happened.
  let inner = err;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  const { code, path: file } = (inner ?? {}) as NodeJS.ErrnoException;
  const where = file ? ` (${file})` : "";
  if (code === "ENOSPC") return `the disk is full${where}; free some space and build again`;
  if (code === "EACCES" || code === "EPERM") return `permission denied${where}; check that you may read the site and write its folder`;
  if (code === "ENAMETOOLONG") return `a file name is too long for the file system${where}; shorten it`;
  const message = inner instanceof Error ? inner.message : String(inner);
  return message.split("\n")[0]!.slice(0, 500);
}
