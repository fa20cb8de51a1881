/**
 * Rule texts are plain prose with `code` spans. Splitting them lets each format mark code up
 * and escape the rest, so a rule pack from a third party cannot inject markup.
 */
export interface ProseSegment {
  code: boolean;
  text: string;
}

/** Rule texts are folded YAML; a report line wants them as flowing prose. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function splitCodeSpans(text: string): ProseSegment[] {
  const flat = flatten(text);
  const segments: ProseSegment[] = [];
  let last = 0;
  for (const match of flat.matchAll(/`([^`]+)`/g)) {
    if (match.index > last) segments.push({ code: false, text: flat.slice(last, match.index) });
    segments.push({ code: true, text: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < flat.length) segments.push({ code: false, text: flat.slice(last) });
  return segments;
}
