import yaml from "js-yaml";
import { positionAt } from "./source.ts";

/**
 * How many values a YAML document may hold once its aliases are expanded. js-yaml shares one object
 * per anchor, so loading is cheap; walking or printing the value expands every alias (1 KB of
 * nested `*a` is billions of values). No real front matter or `_config.yml` comes near this.
 */
export const MAX_YAML_VALUES = 100_000;

/**
 * YAML as data only (the core schema: no custom types, dates stay strings), refused with a
 * YAMLException at its first alias when it would expand past MAX_YAML_VALUES.
 */
export function loadYaml(source: string, filename?: string): unknown {
  // json: a key given twice keeps its last value, as Jekyll's YAML does (the caller warns about it).
  const value = yaml.load(source, { schema: yaml.CORE_SCHEMA, filename, json: true });
  if (source.includes("*") && countValues(value, MAX_YAML_VALUES) > MAX_YAML_VALUES) {
    const alias = /(?:^|[\s[{,:-])\*[^\s,\]}]/m.exec(source);
    const index = alias ? alias.index + alias[0].indexOf("*") : 0;
    const { line, column } = positionAt(source, index);
    const mark = { name: filename ?? "", buffer: source, position: index, line: line - 1, column: column - 1, snippet: "" };
    throw new yaml.YAMLException(
      `its aliases (*name) expand to more than ${MAX_YAML_VALUES.toLocaleString("en")} values; write the values out, or use fewer aliases`,
      mark as unknown as yaml.Mark);
  }
  return value;
}

/** Values in a tree, counting a shared (aliased) one each time it is reached; stops past `limit`. */
function countValues(root: unknown, limit: number): number {
  let count = 0;
  const stack = [root];
  while (stack.length > 0 && count <= limit) {
    const value = stack.pop();
    count++;
    if (typeof value !== "object" || value === null) continue;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (stack.length + count > limit) break;
      stack.push(child);
    }
  }
  return count;
}
