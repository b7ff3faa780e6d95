/**
 * OCR benchmark: seconds per scanned page (a 200 dpi grey scan and a 300 dpi 1-bit one) with 1 and with N workers per
 * model, and
 * beside it the same page images through Debian's native `tesseract` CLI (OMP_THREAD_LIMIT=1,
 * chi_sim, psm 6) where it is installed: the physical reference.
 * Targets: the whole read of a page within 1.3× native; a 5-page scanned report under 10 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractReport } from '../src/extractors/pipeline.js';
import { openPdf } from '../src/extractors/pdf/document.js';
import { encodePgm } from '../src/extractors/scan/image.js';
import { pageImage } from '../src/extractors/scan/pageImage.js';
import { DEFAULT_SETTINGS } from '../src/extractors/settings.js';
import { ScanReader } from '../src/extractors/scan/scanReader.js';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/corpus/pdf');
const sampleScans = existsSync(join(root, 'samples/scan'))
  ? readdirSync(join(root, 'samples/scan'))
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => join(root, 'samples/scan', f))
  : [];
/** A 200 dpi grey JPEG scan and a 300 dpi 1-bit CCITT one (the corpus's), else a sample scan. */
const corpusScans = ['hongze-district-2023-scan.pdf', 'hongze-district-2023-scan-bilevel.pdf']
  .map((f) => join(corpus, f))
  .filter((f) => existsSync(f));
const files = corpusScans.length > 0 ? corpusScans : sampleScans.slice(0, 1);
if (files.length === 0) {
  console.log('ocr bench: no scanned PDF found (../shared/corpus or samples/scan)');
  process.exit(0);
}
const dataDir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));

/** Runs of each measurement; the median is reported (this machine's neighbours make single runs vary ±20%). */
const RUNS = 3;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeExtract(data: Uint8Array, workers: number): Promise<{ seconds: number; pages: number }> {
  const scanner = new ScanReader({ dataDir, size: workers });
  try {
    const { record } = await extractReport(data, {
      ocr: 'always',
      readScannedPage: scanner.read,
      concurrency: workers + 1,
    }); // warm-up: pool start, model load
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await extractReport(data, { ocr: 'always', readScannedPage: scanner.read, concurrency: workers + 1 });
      times.push((performance.now() - t) / 1000);
    }
    return { seconds: median(times), pages: record.source.pages };
  } finally {
    await scanner.close();
  }
}

function nativeSeconds(pageImages: readonly string[]): number[] | null {
  if (spawnSync('tesseract', ['--version']).status !== 0) return null;
  const langs = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  if (!langs.includes('chi_sim')) return null;
  return pageImages.map((pgm) =>
    median(
      Array.from({ length: RUNS }, () => {
        const t = performance.now();
        execFileSync('tesseract', [pgm, '-', '-l', 'chi_sim', '--psm', '6'], {
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          stdio: ['ignore', 'ignore', 'ignore'],
        });
        return (performance.now() - t) / 1000;
      }),
    ),
  );
}

const n = cpus().length;
for (const file of files) {
  const data = new Uint8Array(readFileSync(file));
  // The same page images our reader starts from, for the native reference.
  const doc = await openPdf(data);
  const pageImages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const { image } = await pageImage(doc, p, DEFAULT_SETTINGS.scan.acquire);
    const path = join(dataDir, `page-${p}.pgm`);
    writeFileSync(path, encodePgm(image));
    pageImages.push(path);
  }
  await doc.destroy();
  const one = await timeExtract(data, 1);
  const many = await timeExtract(data, n);
  const native = nativeSeconds(pageImages);
  console.log(`\nscanned report: ${file.split('/').pop()} (${one.pages} pages), median of ${RUNS} warm runs each`);
  console.log(`1 worker/model:  ${(one.seconds / one.pages).toFixed(2)} s/page, ${one.seconds.toFixed(1)} s/report`);
  console.log(
    `${n} workers/model: ${(many.seconds / many.pages).toFixed(2)} s/page, ${many.seconds.toFixed(1)} s/report ` +
      `(target: 5-page report < 10 s)`,
  );
  if (native) {
    const total = native.reduce((s, x) => s + x, 0);
    console.log(
      `native tesseract (OMP_THREAD_LIMIT=1, chi_sim, psm 6, same images): ${(total / native.length).toFixed(2)} ` +
        `s/page, ${total.toFixed(1)} s/report`,
    );
    console.log(`ratio, 1 worker vs native single thread: ${(one.seconds / total).toFixed(2)}× (target ≤ 1.3×)`);
    console.log(`ratio, ${n} workers vs native single thread: ${(many.seconds / total).toFixed(2)}×`);
  } else
    console.log(
      'native tesseract with chi_sim not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim): no reference',
    );
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
