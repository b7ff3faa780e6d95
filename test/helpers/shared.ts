/** Where ../shared is (beside the project root); tests that need it skip with a message when it is absent. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(PROJECT_ROOT, '../shared');
export const CORPUS_PDF = join(SHARED, 'corpus/pdf');
export const CORPUS_TRUTH = join(SHARED, 'corpus/truth');
export const HAVE_CORPUS = existsSync(CORPUS_TRUTH);
export const SKIP_CORPUS_MESSAGE = `../shared/corpus not found at ${SHARED}: corpus tests skipped`;

if (!HAVE_CORPUS) console.warn(SKIP_CORPUS_MESSAGE);

export interface Truth {
  file: string;
  meta: { agency: string; year: number; era: string; publishedOn?: string };
  expectFlagged: boolean;
  expectRules: string[];
  cells: Record<string, number>;
}

export function readTruth(path: string): Truth {
  return JSON.parse(readFileSync(path, 'utf8')) as Truth;
}
