// @11ty/eleventy ships no types; these are the members src/cli.ts calls.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(input: string, output: string, options?: { configPath?: string; quietMode?: boolean; runMode?: string });
    write(): Promise<unknown>;
    init(): Promise<void>;
    watch(): Promise<void>;
    serve(port: number): Promise<void>;
    stopWatch(): Promise<void>;
  }
}
