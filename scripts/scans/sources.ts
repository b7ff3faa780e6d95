/**
 * The born-digital documents the scan matrix is made from: the project's samples (samples/ and
 * samples/provincial/) and, where ../shared is beside the project, the corpus's born-digital PDFs.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A document the matrix scans: its born-digital PDF and its truth. */
export interface MatrixSource {
  name: string;
  pdf: string;
  truth: string;
}

export function matrixSources(root: string): MatrixSource[] {
  const out: MatrixSource[] = [];
  const truthDir = join(root, 'samples', 'truth');
  for (const dir of [join(root, 'samples'), join(root, 'samples', 'provincial')]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.pdf'))
      .sort()) {
      const name = f.slice(0, -4);
      if (existsSync(join(truthDir, `${name}.json`)))
        out.push({ name, pdf: join(dir, f), truth: join(truthDir, `${name}.json`) });
    }
  }
  const corpus = join(root, '..', 'shared', 'corpus');
  if (existsSync(join(corpus, 'pdf'))) {
    for (const f of readdirSync(join(corpus, 'pdf'))
      .filter((x) => x.endsWith('.pdf') && !x.includes('-scan'))
      .sort()) {
      const name = f.slice(0, -4);
      if (existsSync(join(corpus, 'truth', `${name}.json`)))
        out.push({ name, pdf: join(corpus, 'pdf', f), truth: join(corpus, 'truth', `${name}.json`) });
    }
  }
  return out;
}
