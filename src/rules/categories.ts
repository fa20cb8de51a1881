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

export type CategoryId = (typeof CATEGORIES)[number]['id'];

export const CATEGORY_IDS: readonly string[] = CATEGORIES.map((c) => c.id);

export function categoryTitle(id: string): string {
  return CATEGORIES.find((c) => c.id === id)?.title ?? id;
}
