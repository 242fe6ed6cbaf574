import slugify from "@sindresorhus/slugify";

/** Accent-free, lowercase URL slug: `Aplicações Escaláveis: um guia` → `aplicacoes-escalaveis-um-guia`. */
export function toSlug(text: string): string {
  return slugify(text, { customReplacements: [["&", " e "]] });
}

// A tag is often a language name: `C#` and `C++` must not share `/tags/c/`.
const tagReplacements: [string, string][] = [["&", " e "], ["#", " sharp "], ["+", " plus "]];

/** A tag's URL slug: `Pseudocódigo` → `pseudocodigo`, `C#` → `c-sharp`. */
export function tagSlug(name: string): string {
  return slugify(name, { customReplacements: tagReplacements });
}

/** Folds case and accents so that `Segurança`, `segurança` and `seguranca` are one key. */
export function foldKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().normalize("NFC");
}
