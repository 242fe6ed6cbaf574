import slugify from "@sindresorhus/slugify";

// `C#` and `C++` must not share a URL with `C`; `&` reads as Portuguese "e".
const replacements: [string, string][] = [["#", " sharp "], ["+", " plus "], ["&", " e "]];

/** Accent-free, lowercase URL slug: `Pseudocódigo` → `pseudocodigo`, `C#` → `c-sharp`. */
export function toSlug(text: string): string {
  return slugify(text, { customReplacements: replacements });
}

/** Folds case and accents so that `Segurança`, `segurança` and `seguranca` are one key. */
export function foldKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().normalize("NFC");
}
