import type { SourceFile } from '../types.js';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

const parsed = new WeakMap<SourceFile, readonly Instruction[]>();

/**
 * The instructions of a Dockerfile's final stage, continuation lines joined. Parsed once per
 * file, whichever detectors ask: the array is shared, so callers must not change it.
 */
export function finalStage(file: SourceFile): readonly Instruction[] {
  let stage = parsed.get(file);
  if (stage) return stage;
  const all = instructions(file.text);
  let from = all.length - 1;
  while (from >= 0 && all[from]!.keyword !== 'FROM') from--;
  stage = from < 0 ? all : all.slice(from);
  parsed.set(file, stage);
  return stage;
}

function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const match = /^([A-Za-z]+)\s*(.*)$/.exec(line);
    // arguments are short; a hostile megabyte-long instruction is cut before patterns see it
    if (match) out.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.slice(0, 4000), line: start + 1 });
  }
  return out;
}
