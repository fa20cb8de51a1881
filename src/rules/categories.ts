/** The eight categories, in report order. `section` is the manifest key that holds its facts. */
export const CATEGORIES = [
  { id: 'observability', title: 'Observability', section: 'observability' },
  { id: 'migrations', title: 'Database migrations', section: 'migrations' },
  { id: 'resilience', title: 'Resilience', section: 'resilience' },
  { id: 'security', title: 'Security', section: 'security' },
  { id: 'load-testing', title: 'Load testing and capacity', section: 'load_testing' },
  { id: 'delivery', title: 'Delivery', section: 'delivery' },
  { id: 'recovery', title: 'Backup and recovery', section: 'recovery' },
  { id: 'operations', title: 'Operations', section: 'operations' },
] as const;

export const CATEGORY_IDS: readonly string[] = CATEGORIES.map((c) => c.id);

export function categoryTitle(id: string): string {
  return CATEGORIES.find((c) => c.id === id)?.title ?? id;
}

const RANK_BY_ID = new Map<string, number>(CATEGORIES.map((c, i) => [c.id, i]));
const RANK_BY_SECTION = new Map<string, number>(CATEGORIES.map((c, i) => [c.section, i]));

/** A category's place in report order; anything else comes after the eight. */
export function categoryRank(id: string): number {
  return RANK_BY_ID.get(id) ?? CATEGORIES.length;
}

/** The place in report order of the category whose facts a manifest section holds; anything else after. */
export function sectionRank(section: string): number {
  return RANK_BY_SECTION.get(section) ?? CATEGORIES.length;
}
