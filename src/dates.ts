export const DAY_MS = 86_400_000;

/** A manifest's calendar date (YYYY-MM-DD) at midnight UTC, or undefined for 2026-02-30 and the like. */
export function parseDate(text: string): Date | undefined {
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? undefined : date;
}
