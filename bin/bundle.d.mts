/** bin/bundle.mjs: the path of the bundled command line, made again when its sources changed; undefined when it cannot be made. */
export function bundledCli(options?: { project?: string; cache?: string }): Promise<string | undefined>;
