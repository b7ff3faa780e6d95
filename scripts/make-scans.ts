/**
 * Scanned-looking copies of the born-digital samples: every page of samples/<name>.pdf
 * rendered at 200 dpi, greyscale, skewed by a small per-page angle, noisy, slightly blurred,
 * JPEG-compressed, and put back into an A4 PDF of one full-page image per page (no text layer).
 *
 *   npm run scans   →  samples/scan/<name>-scan.pdf, samples/scan/truth/<name>-scan.json,
 *                      samples/scan/README.md
 *
 * and the EXTRA scans below (a 150 dpi one), named <name>-<suffix>.pdf.
 *
 * The truth of a scan is its born-digital truth (same cells, meta and rules). Deterministic:
 * seeded noise and angles, fixed PDF dates, so a rerun gives the same bytes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import { openPdf } from '../src/extractors/pdf/document.js';
import { degradePage, lookFor, rgbaToGray, seedOf, type Gray, type ScanLook } from './scans/degrade.js';
import { fullMatrix, makeScan } from './scans/matrix.js';
import { matrixSources } from './scans/sources.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SAMPLES = join(ROOT, 'samples');
const OUT = join(SAMPLES, 'scan');
const A4 = { width: 595.28, height: 841.89 } as const;

/** Resolution and JPEG quality tried in turn until the file fits MAX_BYTES. */
const ATTEMPTS: ReadonlyArray<{ dpi: number; quality: number }> = [
  { dpi: 200, quality: 75 },
  { dpi: 200, quality: 68 },
  { dpi: 200, quality: 60 },
  { dpi: 175, quality: 60 },
  { dpi: 150, quality: 60 },
];
const MAX_BYTES = 1_500_000;

interface CanvasLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { width: number; height: number; data: Uint8ClampedArray };
}

/** The pages of a PDF rendered to grey images (pdfjs with its own canvas: never a second copy of @napi-rs/canvas). */
async function renderPages(pdf: Uint8Array, dpi: number): Promise<Gray[]> {
  const doc = await openPdf(pdf);
  try {
    const factory = doc.canvasFactory as {
      create(w: number, h: number): { canvas: unknown; context: CanvasLike };
      destroy(c: unknown): void;
    };
    const pages: Gray[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      // Always the A4 frame, whatever the source page box is: the scanner's platen.
      const vp = page.getViewport({ scale: dpi / 72 });
      const w = Math.round((A4.width * dpi) / 72);
      const h = Math.round((A4.height * dpi) / 72);
      const pair = factory.create(w, h);
      pair.context.fillStyle = '#ffffff';
      pair.context.fillRect(0, 0, w, h);
      await page.render({ canvas: pair.canvas as never, canvasContext: pair.context as never, viewport: vp }).promise;
      const img = pair.context.getImageData(0, 0, w, h);
      pages.push(rgbaToGray(w, h, img.data));
      factory.destroy(pair);
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** A4 pages, each exactly one full-page JPEG; fixed dates so the bytes do not change between runs. */
async function imagePdf(jpegs: readonly Buffer[], title: string): Promise<Buffer> {
  const when = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    margin: 0,
    compress: true,
    info: {
      Title: title,
      Creator: 'nianbao scripts/make-scans.ts',
      Producer: 'PDFKit',
      CreationDate: when,
      ModDate: when,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const jpeg of jpegs) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(jpeg, 0, 0, { width: A4.width, height: A4.height });
  }
  doc.end();
  return done;
}

interface Made {
  /** The sample scanned. */
  name: string;
  /** The scan's name: <name>-<suffix>. */
  file: string;
  pdf: Buffer;
  pages: number;
  dpi: number;
  quality: number;
  angles: number[];
  ms: number;
}

/**
 * A scan of a sample: `suffix` names it (<name>-<suffix>.pdf), `attempts` are its resolutions and
 * qualities, `skew` scales the drawn angles (1: 0.3–1.5°), `seed` tells its pages' looks apart.
 */
interface ScanSpec {
  suffix: string;
  attempts: ReadonlyArray<{ dpi: number; quality: number }>;
  skew: number;
  seed: string;
}

const STANDARD: ScanSpec = { suffix: 'scan', attempts: ATTEMPTS, skew: 1, seed: '' };

/**
 * Extra scans beyond one per sample: a poor office scan, 150 dpi, JPEG q60, skewed up to 2°, of the
 * sample with shaded headers, whose small header text is the first thing low resolution costs.
 */
const EXTRA: ReadonlyArray<{ name: string; spec: ScanSpec }> = [
  {
    name: 'hongsibu-justice-2022',
    spec: { suffix: 'scan-150dpi', attempts: [{ dpi: 150, quality: 60 }], skew: 2 / 1.5, seed: '#150dpi' },
  },
];

async function scan(name: string, spec: ScanSpec = STANDARD): Promise<Made> {
  const started = performance.now();
  const source = new Uint8Array(readFileSync(join(SAMPLES, `${name}.pdf`)));
  for (const { dpi, quality } of spec.attempts) {
    const pages = await renderPages(source, dpi);
    const looks: ScanLook[] = pages.map((_, i) => {
      const look = lookFor(seedOf(`${name}${spec.seed}#${i + 1}`), quality);
      return { ...look, angle: Math.round(look.angle * spec.skew * 100) / 100 };
    });
    const jpegs: Buffer[] = [];
    for (const [i, page] of pages.entries())
      jpegs.push(await degradePage(page, looks[i]!, seedOf(`${name}${spec.seed}#${i + 1}`)));
    const pdf = await imagePdf(jpegs, `${name} (scan)`);
    if (pdf.length <= MAX_BYTES)
      return {
        name,
        file: `${name}-${spec.suffix}`,
        pdf,
        pages: pages.length,
        dpi,
        quality,
        angles: looks.map((l) => l.angle),
        ms: performance.now() - started,
      };
    console.warn(`${name}: ${(pdf.length / 1e6).toFixed(2)} MB at ${dpi} dpi q${quality}, trying smaller`);
  }
  throw new Error(`${name}: no setting keeps the scan under ${MAX_BYTES} bytes`);
}

function scanTruth(name: string, m: Made): Record<string, unknown> {
  const truth = JSON.parse(readFileSync(join(SAMPLES, 'truth', `${name}.json`), 'utf8')) as Record<string, unknown>;
  const note =
    `scanned version of samples/${name}.pdf (image-only: greyscale ${m.dpi} dpi JPEG q${m.quality}, skew ` +
    `${m.angles.join('/')}°, noise, blur; no text layer); same printed values as the born-digital sample. ` +
    `${String(truth.note ?? '')}`;
  // Same key order as the born-digital truth, with file and note replaced.
  return Object.fromEntries(Object.entries({ ...truth, file: `${m.file}.pdf`, note }));
}

function readme(made: readonly Made[]): string {
  const lines = [
    '# samples/scan/',
    '',
    'Generated by `npm run scans` (scripts/make-scans.ts) from the born-digital samples in `samples/`.',
    'Do not edit by hand: rerun the script (after `npm run samples` when the samples change).',
    '',
    'Each `<name>-scan.pdf` is `samples/<name>.pdf` as an office scanner would return it: every page',
    'rendered with pdfjs, converted to grey, rotated by a small per-page angle (white comes in at the',
    'corners), shifted a few pixels on the platen, washed out (paper ≈ 232–244, ink ≈ 28–52), shaded',
    'unevenly, given Gaussian sensor noise and a slight blur, and stored as one full-page JPEG per A4',
    'page (pdfkit). There is no text layer. Angles, offsets and noise come from a PRNG seeded by file',
    'name and page, so the output is byte-for-byte reproducible.',
    '',
    '`hongsibu-justice-2022-scan-150dpi.pdf` is a poorer office scan of the same sample: 150 dpi,',
    'JPEG q60, skewed up to 2°. At this resolution the small text of the shaded header cells is',
    'what OCR loses first.',
    '',
    '`truth/<name>-scan.json` is the born-digital truth with `file` and `note` changed: a scan prints',
    'the same values, so it must extract to the same cells, meta and broken rules (a doubtful OCR',
    'digit may additionally raise extraction.confidence, which flags the report by design).',
    '',
    '| scan | pages | dpi | JPEG q | skew per page (°) | size |',
    '|---|---|---|---|---|---|',
  ];
  for (const m of made) {
    lines.push(
      `| ${m.file} | ${m.pages} | ${m.dpi} | ${m.quality} | ` +
        `${m.angles.map((a) => (a > 0 ? `+${a}` : String(a))).join(' ')} | ${(m.pdf.length / 1024).toFixed(0)} KB |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * --matrix DIR: the scan matrix (scripts/scans/matrix.ts) of every born-digital sample and corpus
 * PDF into DIR, as <source>-<variant>.pdf with truth/<source>-<variant>.json; --source and
 * --variant pick some, --seed makes other scans of the same variants.
 */
async function writeMatrix(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      matrix: { type: 'string' },
      source: { type: 'string', multiple: true },
      variant: { type: 'string', multiple: true },
      seed: { type: 'string', default: '' },
    },
  });
  const dir = values.matrix!;
  mkdirSync(join(dir, 'truth'), { recursive: true });
  const sources = matrixSources(ROOT).filter((s) => !values.source || values.source.includes(s.name));
  const variants = fullMatrix(values.seed).filter((v) => !values.variant || values.variant.includes(v.name));
  for (const source of sources) {
    for (const variant of variants) {
      const started = performance.now();
      const pdf = await makeScan(new Uint8Array(readFileSync(source.pdf)), variant, source.name);
      const file = `${source.name}-${variant.name}${values.seed ? `-${values.seed}` : ''}`;
      writeFileSync(join(dir, `${file}.pdf`), pdf);
      const truth = JSON.parse(readFileSync(source.truth, 'utf8')) as Record<string, unknown>;
      writeFileSync(
        join(dir, 'truth', `${file}.json`),
        `${JSON.stringify(
          { ...truth, file: `${file}.pdf`, note: `scan matrix ${variant.name} of ${source.name}` },
          null,
          1,
        )}\n`,
      );
      console.log(
        `${file}.pdf  ${(pdf.length / 1024).toFixed(0)} KB, ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--matrix')) return writeMatrix(process.argv.slice(2));
  const names = readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => f.slice(0, -4))
    .sort();
  if (names.length === 0) throw new Error('no samples/*.pdf: run npm run samples first');
  mkdirSync(join(OUT, 'truth'), { recursive: true });
  const made: Made[] = [];
  for (const name of names) made.push(await scan(name));
  for (const { name, spec } of EXTRA) made.push(await scan(name, spec));
  for (const m of made) {
    writeFileSync(join(OUT, `${m.file}.pdf`), m.pdf);
    writeFileSync(join(OUT, 'truth', `${m.file}.json`), `${JSON.stringify(scanTruth(m.name, m), null, 1)}\n`);
    console.log(
      `${m.file}.pdf  ${m.pages} pages, ${m.dpi} dpi q${m.quality}, ${(m.pdf.length / 1024).toFixed(0)} KB, skew ` +
        `${m.angles.join(' ')}°, ${(m.ms / 1000).toFixed(1)} s`,
    );
  }
  writeFileSync(join(OUT, 'README.md'), readme(made));
}

await main();
