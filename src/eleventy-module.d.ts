// @11ty/eleventy ships no types; these are the members src/cli.ts calls.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(input: string, output: string, options?: {
      configPath?: string; quietMode?: boolean; runMode?: string;
      /** Runs on the configuration before the config file does. */
      config?: (eleventyConfig: import("./eleventy.ts").EleventyConfig) => void;
    });
    write(): Promise<unknown>;
    init(): Promise<void>;
    /** Starts watching; resolves to the function that runs one rebuild for a changed file. */
    watch(): Promise<(file: string) => Promise<void>>;
    watcher: { on(event: "unlink", listener: (file: string) => void): void; add(paths: string | string[]): void };
    serve(port: number): Promise<void>;
    stopWatch(): Promise<void>;
  }
}

// The live preview's server; src/preview.ts only reaches its prototype.
declare module "@11ty/eleventy-dev-server" {
  export default class EleventyDevServer {}
}
