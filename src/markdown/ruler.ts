import type MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";

export type BlockRule = (state: StateBlock, start: number, end: number, silent: boolean) => boolean;

/**
 * A block rule already registered, to wrap with `ruler.at`. Only the ruler's own list has every
 * rule's name (a plugin may register an anonymous function).
 */
export function registeredBlockRule(md: MarkdownIt, name: string): BlockRule {
  const rule = (md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule }[] }).__rules__.find((r) => r.name === name)?.fn;
  if (!rule) throw new Error(`markdown-it has no block rule "${name}" to wrap`);
  return rule;
}
