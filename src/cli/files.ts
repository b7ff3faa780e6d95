/** Expanding the CLI's file and folder arguments into the PDFs to read. */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/**
 * Files named directly are taken whatever their extension (so a bad one gets its reason); folders give their *.pdf,
 * recursively, sorted.
 */
export async function collectInputs(args: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    const st = await stat(arg).catch(() => null);
    if (!st) missing.push(arg);
    else if (st.isDirectory()) files.push(...(await pdfsUnder(arg)));
    else files.push(arg);
  }
  return { files, missing };
}

async function pdfsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await pdfsUnder(p)));
    else if (e.isFile() && extname(e.name).toLowerCase() === '.pdf') out.push(p);
  }
  return out;
}

/** Output base names, unique within one run (two folders may hold the same file name). */
export function outputNames(files: readonly string[]): string[] {
  const used = new Map<string, number>();
  return files.map((f) => {
    const base = basename(f, extname(f));
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}
