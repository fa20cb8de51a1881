/** Where a fact's value came from: what lets a report point at the manifest line behind a finding. */
export interface Provenance {
  origin: 'manifest' | 'interview' | 'scan';
  file?: string;
  line?: number;
  column?: number;
}

/**
 * The facts of one project. `values` is nested exactly like the manifest (sections, lists of
 * items), without the facts nobody knows; `provenance` is keyed by the fact's concrete path,
 * such as `observability.logs.format` or `dependencies[2].timeout_ms`.
 */
export interface FactSet {
  values: Record<string, unknown>;
  provenance: Record<string, Provenance>;
}

/** `["dependencies", 2, "timeout_ms"]` → `dependencies[2].timeout_ms` */
export function factKey(path: readonly (string | number)[]): string {
  return path.reduce<string>((key, segment) =>
    typeof segment === 'number' ? `${key}[${segment}]` : key ? `${key}.${segment}` : segment, '');
}

/** `~` means "we do not know": such a fact is left out of the values rules see. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) if (child !== null) out[key] = withoutNulls(child);
    return out;
  }
  return value;
}

/** The value at a path of section and field names, own keys only (`constructor` is no fact). */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
