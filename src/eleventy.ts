import type { IncomingMessage, ServerResponse } from "node:http";

/** The few members of Eleventy 3's configuration API this project calls. */
export interface EleventyConfig {
  readonly directories: { readonly input: string; readonly output: string };
  addPlugin<T>(plugin: (config: EleventyConfig, options?: T) => void, options?: T): void;
  setTemplateFormats(formats: string[]): void;
  addTemplate(virtualPath: string, content: JavaScriptTemplate, data?: Record<string, unknown>): void;
  addGlobalData(name: string, value: () => unknown): void;
  addWatchTarget(target: string): void;
  addTransform(name: string, transform: (this: { page: { outputPath: string | false } }, content: string) => string): void;
  setChokidarConfig(options: { awaitWriteFinish: { stabilityThreshold: number; pollInterval: number } }): void;
  ignores: { add(glob: string): void };
  setServerOptions(options: { middleware?: ((req: IncomingMessage, res: ServerResponse, next: () => void) => void)[] }): void;
  on(event: "eleventy.before", handler: (args: { directories: { output: string }; runMode: string }) => void | Promise<void>): void;
  on(event: "eleventy.beforeWatch", handler: (changedFiles: string[]) => void): void;
  on(event: "eleventy.after", handler: (args: { directories: { output: string }; runMode: string }) => void | Promise<void>): void;
}

/** An 11ty.js template: data (pagination, permalink) and a render function. */
export interface JavaScriptTemplate {
  data: Record<string, unknown>;
  render(data: Record<string, unknown>): string;
}
