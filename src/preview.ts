import type { IncomingMessage, Server, ServerResponse } from "node:http";
import EleventyDevServer from "@11ty/eleventy-dev-server";

/** Where the live preview listens unless `--host` says otherwise: this machine only (drafts are served). */
export const PREVIEW_HOST = "127.0.0.1";

/**
 * A request path the preview answers: its %-escapes well formed, no `..` segment, backslash or NUL
 * once decoded. eleventy-dev-server 2.1 decodes after joining the path to `_site/` (so `/..%2F`
 * climbed out of it) and throws on a malformed escape (the process died): both are refused first.
 */
export function isSafeRequestPath(url: string): boolean {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, "http://preview.invalid/").pathname);
  } catch {
    return false;
  }
  return !/[\\\0]/.test(pathname) && !pathname.split("/").some((segment) => segment === ".." || segment === ".");
}

/** eleventy-dev-server middleware: a bad path is 400, before the server maps it to a file. */
export function guardRequestPath(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (isSafeRequestPath(req.url ?? "/")) return next();
  res.statusCode = 400;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end("400 Bad Request: this path is not one the preview serves\n");
}

/**
 * eleventy-dev-server 2.1 listens on every interface and has no option for the address; its one
 * listen call is replaced so that it listens on `host` (retries on a busy port go through it too).
 */
export function listenOnlyOn(host: string): void {
  const prototype = EleventyDevServer.prototype as unknown as { _serverListen?: (port: number) => void; server: Server };
  if (typeof prototype._serverListen !== "function") {
    throw new Error("this version of @11ty/eleventy-dev-server has no _serverListen; the preview cannot choose its address (see src/preview.ts)");
  }
  prototype._serverListen = function (this: { server: Server }, port: number) {
    this.server.listen({ port, host });
  };
}
