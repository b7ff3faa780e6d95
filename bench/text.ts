/**
 * `npm run bench`: extraction speed against its floor, the bare pdfjs-dist read of the same
 * pages (getTextContent + getOperatorList). Warm figures: the first file is read once first.
 * Target (issue 2): end to end within 2× of the floor.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractReport } from '../src/extractors/pipeline.js';
import { openPdf } from '../src/extractors/pdf/document.js';

const root = resolve(import.meta.dirname, '..');
const dirs = [join(root, 'samples'), resolve(root, '../shared/corpus/pdf')].filter(existsSync);
const files = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.pdf') && !f.includes('-scan'))
    .map((f) => join(d, f)),
);
if (files.length === 0) {
  console.log('no PDFs to measure (samples/ is empty)');
  process.exit(0);
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function bareRead(data: Uint8Array): Promise<number> {
  const doc = await openPdf(data);
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      await page.getTextContent();
      await page.getOperatorList();
      page.cleanup();
    }
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Warm-up: module loading, font and cMap caches.
const first = new Uint8Array(readFileSync(files[0]!));
await extractReport(first);
await bareRead(first);

let totalPages = 0;
let totalFull = 0;
let totalBare = 0;
console.log(
  `${'file'.padEnd(34)} ${'pages'.padStart(5)} ${'extract ms'.padStart(10)} ${'ms/page'.padStart(8)} ` +
    `${'floor ms'.padStart(9)} ${'ratio'.padStart(6)}`,
);
for (const file of files) {
  const data = new Uint8Array(readFileSync(file));
  const full: number[] = [];
  const bare: number[] = [];
  let pages = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    const { record } = await extractReport(data);
    full.push(performance.now() - t);
    pages = record.source.pages;
    t = performance.now();
    await bareRead(data);
    bare.push(performance.now() - t);
  }
  const f = median(full);
  const b = median(bare);
  totalPages += pages;
  totalFull += f;
  totalBare += b;
  const name = file.split('/').pop()!;
  console.log(
    `${name.padEnd(34)} ${String(pages).padStart(5)} ${f.toFixed(0).padStart(10)} ` +
      `${(f / pages).toFixed(1).padStart(8)} ${b.toFixed(0).padStart(9)} ${(f / b).toFixed(2).padStart(6)}`,
  );
}
const rss = process.resourceUsage().maxRSS / 1024;
console.log('');
console.log(
  `text path: ${(totalFull / totalPages).toFixed(1)} ms/page, ${(totalFull / files.length).toFixed(0)} ms/report ` +
    `(median of ${ROUNDS}, warm)`,
);
console.log(`floor (bare pdfjs getTextContent + getOperatorList): ${(totalBare / totalPages).toFixed(1)} ms/page`);
console.log(`ratio to floor: ${(totalFull / totalBare).toFixed(2)}× (target ≤ 2×)`);
console.log(`peak RSS: ${rss.toFixed(0)} MB`);
