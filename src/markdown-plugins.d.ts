// The markdown-it plugins without types of their own: each is a plugin function, as markdown-it types them.
declare module "markdown-it-deflist" {
  import type { PluginSimple } from "markdown-it";
  const deflist: PluginSimple;
  export default deflist;
}
declare module "markdown-it-abbr" {
  import type { PluginSimple } from "markdown-it";
  const abbr: PluginSimple;
  export default abbr;
}
declare module "markdown-it-emoji" {
  import type { PluginWithOptions } from "markdown-it";
  export const full: PluginWithOptions<{ shortcuts?: Record<string, string | string[]> }>;
}
declare module "markdown-it-task-lists" {
  import type { PluginWithOptions } from "markdown-it";
  const taskLists: PluginWithOptions<{ enabled?: boolean; label?: boolean; labelAfter?: boolean }>;
  export default taskLists;
}
declare module "markdown-it-footnote" {
  import type { PluginSimple } from "markdown-it";
  const footnote: PluginSimple;
  export default footnote;
}
