/** A BCP 47 tag as `<html lang>` and Intl take it (pt-BR, pt, en). */
export function isLanguageTag(lang: string): boolean {
  if (!/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/.test(lang)) return false;
  try {
    return Intl.getCanonicalLocales(lang).length === 1;
  } catch {
    return false;
  }
}
