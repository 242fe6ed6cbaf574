import { readdirSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { build, serve } from "./build.ts";
import { checkSite } from "./check.ts";
import { createReporter, formatDiagnostic, sortDiagnostics } from "./diagnostics.ts";
import { formatImportReport, importJekyll } from "./import.ts";
import { newPost } from "./new.ts";
import { PREVIEW_HOST } from "./preview.ts";


/** Every check the build makes, without writing anything; exit status 1 on errors. */
function check(root: string, format: string): number {
  const reporter = createReporter();
  checkSite(root, reporter);
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  if (format === "json") {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    console.log(JSON.stringify({ errors, warnings: diagnostics.length - errors, diagnostics }, null, 2));
  } else {
    for (const d of diagnostics) console.error(formatDiagnostic(d));
    const posts = readdirSync(root).includes("posts") ? "" : " (no posts/ folder here)";
    console.error(reporter.hasErrors() ? "Check failed." : `Check passed${posts}.`);
  }
  return reporter.hasErrors() ? 1 : 0;
}

const USAGE = `usage: node bin/blog.mjs build [site-folder] [--url https://exemplo.com.br] [--pathprefix /blog/] [--future]
       node bin/blog.mjs serve [site-folder] [--port 8080] [--host 127.0.0.1]
       node bin/blog.mjs check [site-folder] [--format gnu|json]
       node bin/blog.mjs new "Título do post" [--tags "a b"] [--root site-folder]
       node bin/blog.mjs import <jekyll-site-folder> [--root site-folder]`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: { url: { type: "string" }, pathprefix: { type: "string" }, future: { type: "boolean", default: false }, port: { type: "string", default: "8080" }, host: { type: "string", default: PREVIEW_HOST }, format: { type: "string", default: "gnu" }, tags: { type: "string", default: "" }, root: { type: "string", default: "." }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (err) {
    // An unknown option or one missing its value: one line saying which, then the usage.
    console.error(`error: ${(err as Error).message.split(". ")[0]}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, arg, extra] = positionals;
  if (extra !== undefined) {
    // `import <from> <to>` once wrote into the current folder: a word too many is a mistake, said.
    console.error(`error: unexpected argument "${extra}"${command === "import" ? "; the blog to import into is given with --root <folder>" : ""}\n${USAGE}`);
    return 2;
  }
  const settings = { overrides: { url: values.url, baseurl: values.pathprefix }, future: values.future };
  if (command === "build") {
    const code = (await build(path.resolve(arg ?? "."), settings)) ? 0 : 1;
    // Done: nothing the build started is still needed (the output it replaced is emptied by a
    // detached process). Exiting frees no heap page by page, as an exit by an empty event loop does:
    // 60 ms of every build. Once what was printed is out, as a pipe may be written asynchronously.
    await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((flushed) => stream.write("", flushed))));
    process.exit(code);
  }
  if (command === "serve") {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      console.error(`error: --port ${values.port} is not a port; give a number from 1 to 65535, such as --port 8081`);
      return 2;
    }
    if (!isIP(values.host) && values.host !== "localhost") {
      console.error(`error: --host ${values.host} is not an address of this machine; give an IP address, such as --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network)`);
      return 2;
    }
    await serve(path.resolve(arg ?? "."), port, values.host, settings);
    return 0;
  }
  if (command === "check" && (values.format === "gnu" || values.format === "json")) return check(path.resolve(arg ?? "."), values.format);
  if (command === "import" && arg) {
    try {
      const report = importJekyll(path.resolve(arg), path.resolve(values.root));
      for (const line of formatImportReport(report)) console.log(line);
      return report.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      return 1;
    }
  }
  if (command === "new" && arg) {
    try {
      const { file, url } = newPost(path.resolve(values.root), arg, values.tags);
      console.log(`Wrote ${file}\nIt will be published at ${url}`);
      return 0;
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      return 1;
    }
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
