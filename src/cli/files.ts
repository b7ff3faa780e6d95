/** Expanding the CLI's file and folder arguments into the PDFs to read. */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/** An argument that gives no file to read, and why. */
export interface InputProblem {
  path: string;
  reason: string;
}

/**
 * Files named directly are taken whatever their extension (so a bad one gets its reason); folders give their *.pdf,
 * recursively, sorted, through symbolic links (an archive is often a folder of links). A folder with no PDF in it is
 * a problem of its own, never a run that silently reads nothing.
 */
export async function collectInputs(args: readonly string[]): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  for (const arg of args) {
    const st = await stat(arg).catch(() => null);
    if (!st) problems.push({ path: arg, reason: 'no such file or folder' });
    else if (st.isDirectory()) {
      const found = await pdfsUnder(arg, new Set());
      if (found.length === 0) problems.push({ path: arg, reason: 'no PDF files in this folder' });
      files.push(...found);
    } else files.push(arg);
  }
  return { files, problems };
}

async function pdfsUnder(dir: string, seen: Set<string>): Promise<string[]> {
  // A link back up the tree would recurse for ever: each real folder is read once.
  const real = await realpath(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    // A link is what it points at; a broken one is skipped like any other non-PDF entry.
    const kind = e.isSymbolicLink() ? await stat(p).catch(() => null) : e;
    if (kind?.isDirectory()) out.push(...(await pdfsUnder(p, seen)));
    else if (kind?.isFile() && extname(e.name).toLowerCase() === '.pdf') out.push(p);
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
