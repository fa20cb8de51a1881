/**
 * Code-unit order for sorting ids, paths and names: the same on every machine whatever its
 * locale, so reports are reproducible, and it does not start ICU's collator as `localeCompare`
 * does (about 5 ms of every audit's start).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
