import type { IncomingMessage, Server, ServerResponse } from "node:http";
import path from "node:path";
import { type Diagnostic, formatDiagnostic, sortDiagnostics } from "./diagnostics.ts";
import { escapeHtml } from "./escape.ts";

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
export async function listenOnlyOn(host: string): Promise<void> {
  // Imported here: a build never loads the server (a tenth of a second of every build's start).
  const { default: EleventyDevServer } = await import("@11ty/eleventy-dev-server");
  const prototype = EleventyDevServer.prototype as unknown as { _serverListen?: (port: number) => void; server: Server };
  if (typeof prototype._serverListen !== "function") {
    throw new Error("this version of @11ty/eleventy-dev-server has no _serverListen; the preview cannot choose its address (see src/preview.ts)");
  }
  prototype._serverListen = function (this: { server: Server }, port: number) {
    this.server.listen({ port, host });
  };
}

/** What the preview knows of the last build: the diagnostics that stopped it, until one succeeds. */
export interface PreviewState {
  failed?: readonly Diagnostic[];
}

/** The path the error page polls: `{"failed":n}`, and 0 once the mistake is fixed. */
export const STATUS_PATH = "/__blog/status";

/**
 * eleventy-dev-server middleware: while a build error stands, every page the browser asks for is
 * the list of what to fix (file:line:column and the message), which reloads itself once a build
 * succeeds; the last good `_site/` is still there, served again as soon as the mistake is fixed.
 */
export function errorPage(state: PreviewState) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const pathname = new URL(req.url ?? "/", "http://preview.invalid/").pathname;
    if (pathname === STATUS_PATH) {
      res.setHeader("Content-Type", "application/json");
      res.setHeader("Cache-Control", "no-store");
      res.end(JSON.stringify({ failed: state.failed?.filter((d) => d.severity === "error").length ?? 0 }));
      return;
    }
    if (!state.failed || !(pathname.endsWith("/") || pathname.endsWith(".html") || !/\.[a-z0-9]+$/i.test(pathname))) return next();
    const lines = sortDiagnostics(state.failed).map((d) =>
      `<li class="${d.severity}"><code>${escapeHtml(formatDiagnostic(d))}</code></li>`).join("\n");
    res.statusCode = 500;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.end(`<!DOCTYPE html>
<html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>O build falhou</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}li{margin:.5rem 0}.error code{color:#b42318}code{white-space:pre-wrap}</style></head>
<body><h1>O build falhou</h1>
<p>Corrija o que está abaixo e salve: esta página volta sozinha ao site quando o build passar.</p>
<ul id="diagnosticos">
${lines}
</ul>
<script>setInterval(async () => { const r = await fetch(${JSON.stringify(STATUS_PATH)}).catch(() => null); if (r && (await r.json()).failed === 0) location.reload(); }, 1000);</script>
</body></html>
`);
  };
}

/**
 * Calls `changed` with the files of `folder` (and its folders) that were written, added or deleted.
 * Through @parcel/watcher, which hands over a burst of events (an editor's save: truncate, write,
 * rename) as one batch, 50 ms after it: Eleventy's chokidar lists a whole folder again after any
 * change in it, half a second of CPU after every save in a folder of 10,000 posts. Hidden files (an
 * editor's swap file) are not the site's, as in src/files.ts.
 */
export async function watchFolder(folder: string, changed: (files: string[]) => void, failed: (err: Error) => void): Promise<() => Promise<void>> {
  const { subscribe } = await import("@parcel/watcher");
  const subscription = await subscribe(folder, (err, events) => {
    if (err) return failed(err);
    const files = new Set(events.map((event) => event.path).filter((file) => !path.relative(folder, file).split(path.sep).some((name) => name.startsWith("."))));
    if (files.size > 0) changed([...files]);
  });
  return () => subscription.unsubscribe();
}
