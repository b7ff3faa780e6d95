/**
 * Scanned reports end to end: image-only PDFs through OCR (one ScanReader, one worker per
 * model), scored against their truth. A scan may misread a digit; what it may never do is
 * misread one silently (test/helpers/silentErrors.ts).
 *
 * OCR is slow (≈5 s a page on two cores), so every PDF is extracted once, in the background,
 * from beforeAll: the documents one after another in a single lane, the CLI run beside them in
 * its own process. Each test awaits the extraction it needs.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { ScanReader } from '../../src/extractors/scan/scanReader.js';
import type { ReportRecord } from '../../src/schema/record.js';
import { CORPUS_PDF, CORPUS_TRUTH, HAVE_CORPUS, PROJECT_ROOT, readTruth, type Truth } from '../helpers/shared.js';
import { describeMisses, errorRules, exactCells, wrongCells, wrongCellsAreFlagged } from '../helpers/silentErrors.js';

const SCANS = join(PROJECT_ROOT, 'samples', 'scan');
const SCAN_TRUTHS = existsSync(join(SCANS, 'truth'))
  ? readdirSync(join(SCANS, 'truth'))
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
/** The smallest scan (3 pages) goes through the CLI. */
const CLI_SAMPLE = 'weihui-justice-2021-scan';
const CORPUS_SCAN = 'hongze-district-2023-scan';
/** Per test: the wait for one document's OCR (≤ 40 s for 7 pages) plus slack for a busy machine. */
const TIMEOUT = 120_000;
/** A4 in points, with a hair of rounding. */
const PAGE = { width: 595.3, height: 842 };

interface Job {
  pdf: string;
  truth: Truth;
}

interface Done {
  record: ReportRecord;
  ms: number;
}

const jobs: Job[] = [
  ...(HAVE_CORPUS
    ? [{ pdf: join(CORPUS_PDF, `${CORPUS_SCAN}.pdf`), truth: readTruth(join(CORPUS_TRUTH, `${CORPUS_SCAN}.json`)) }]
    : []),
  ...SCAN_TRUTHS.map((f) => {
    const truth = readTruth(join(SCANS, 'truth', f));
    return { pdf: join(SCANS, truth.file), truth };
  }),
];

let dataDir = '';
let scanner: ScanReader | null = null;
const results = new Map<string, Promise<Done>>();
let cliRun: Promise<CliRun> | null = null;
const cliDirs: string[] = [];

/** The extraction of one file, started in beforeAll; rejects if it failed. */
function result(file: string): Promise<Done> {
  const r = results.get(file);
  if (!r) throw new Error(`${file} was not scheduled`);
  return r;
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'nianbao-scan-data-'));
  scanner = new ScanReader({ dataDir, size: 1 });
  // The CLI in its own process first: it uses the second core while this process runs OCR.
  cliRun = runCli();
  cliRun.catch(() => undefined);
  // One lane: each document starts when the previous one is done, so the tests (in file
  // order) each wait for about one document.
  let previous: Promise<unknown> = Promise.resolve();
  for (const job of jobs) {
    const run = previous.then(async () => {
      const started = performance.now();
      const { record } = await extractReport(new Uint8Array(readFileSync(job.pdf)), {
        fileName: job.pdf,
        ocr: 'auto',
        readScannedPage: scanner!.read,
      });
      return { record, ms: performance.now() - started };
    });
    run.catch(() => undefined);
    results.set(job.truth.file, run);
    previous = run.catch(() => undefined);
  }
});

afterAll(async () => {
  // Let queued work settle so no worker is left running after the pool closes.
  await Promise.allSettled([...results.values(), cliRun ?? Promise.resolve()]);
  await scanner?.close();
  for (const dir of [dataDir, ...cliDirs]) if (dir) rmSync(dir, { recursive: true, force: true });
}, TIMEOUT * 3);

function summary(file: string, done: Done, truth: Truth): string {
  const n = Object.keys(truth.cells).length;
  return (
    `${file}: ${exactCells(done.record, truth)}/${n} exact, ${(done.ms / 1000).toFixed(1)} s, ` +
    `${done.record.validation.status} [${errorRules(done.record).join(', ')}]`
  );
}

/** What every scanned record shares: image-only source, OCR cells that lie on the page. */
function expectScannedRecord(record: ReportRecord, truth: Truth): void {
  expect(record.source.textLayer).toBe('none');
  expect(record.meta.year).toBe(truth.meta.year);
  expect(record.meta.era).toBe(truth.meta.era);
  const cells = Object.entries(record.cells);
  expect(cells.length).toBeGreaterThan(0);
  for (const [id, cell] of cells) {
    expect(cell.source, id).toBe('ocr');
    const [x0, y0, x1, y1] = cell.bbox;
    expect(
      x0 >= 0 && y0 >= 0 && x1 <= PAGE.width && y1 <= PAGE.height && x0 <= x1 && y0 <= y1,
      `${id} bbox ${cell.bbox.join(',')} on p.${cell.page}`,
    ).toBe(true);
    expect(cell.page).toBeLessThanOrEqual(record.source.pages);
  }
}

describe.runIf(HAVE_CORPUS)(`corpus scan ${CORPUS_SCAN}.pdf`, () => {
  const file = `${CORPUS_SCAN}.pdf`;
  const truth = HAVE_CORPUS ? readTruth(join(CORPUS_TRUTH, `${CORPUS_SCAN}.json`)) : null;

  it(
    'reads at least 183 of the 186 cells exactly',
    async () => {
      const done = await result(file);
      console.log(summary(file, done, truth!));
      expect(Object.keys(truth!.cells)).toHaveLength(186);
      const wrong = wrongCells(done.record, truth!);
      expect(186 - wrong.length, describeMisses(wrong)).toBeGreaterThanOrEqual(183);
    },
    TIMEOUT,
  );

  it(
    'is flagged, with at least the rules the printed report breaks',
    async () => {
      const { record } = await result(file);
      expect(record.validation.status).toBe('flagged');
      expect(errorRules(record)).toEqual(expect.arrayContaining(truth!.expectRules));
    },
    TIMEOUT,
  );

  it(
    'has year 2023, era 2021, no text layer, every cell from OCR and on the page',
    async () => {
      const { record } = await result(file);
      expect(record.meta).toMatchObject({ year: 2023, era: '2021' });
      expectScannedRecord(record, truth!);
    },
    TIMEOUT,
  );

  it(
    'has no silent error: every wrong cell is named by an error issue',
    async () => {
      const { record } = await result(file);
      wrongCellsAreFlagged(record, truth!);
    },
    TIMEOUT,
  );
});

describe('scanned samples (samples/scan)', () => {
  it('has a scan of every born-digital sample, and a 150 dpi one', () => {
    const samples = readdirSync(join(PROJECT_ROOT, 'samples')).filter((f) => f.endsWith('.pdf'));
    const standard = SCAN_TRUTHS.filter((f) => f.endsWith('-scan.json'));
    expect(standard.map((f) => f.replace(/-scan\.json$/u, '.pdf'))).toEqual(samples.sort());
    expect(SCAN_TRUTHS.filter((f) => !standard.includes(f))).toEqual(['hongsibu-justice-2022-scan-150dpi.json']);
    for (const f of SCAN_TRUTHS) expect(existsSync(join(SCANS, f.replace(/\.json$/u, '.pdf'))), f).toBe(true);
  });

  for (const name of SCAN_TRUTHS) {
    const truth = readTruth(join(SCANS, 'truth', name));
    const file = truth.file;
    const n = Object.keys(truth.cells).length;

    describe(file, () => {
      it(
        `reads at least ${n - 3} of the ${n} cells exactly`,
        async () => {
          const done = await result(file);
          console.log(summary(file, done, truth));
          const wrong = wrongCells(done.record, truth);
          expect(n - wrong.length, describeMisses(wrong)).toBeGreaterThanOrEqual(n - 3);
        },
        TIMEOUT,
      );

      it(
        'is flagged exactly when the truth expects it or a reading is doubtful; no other extra rule',
        async () => {
          const { record } = await result(file);
          const rules = errorRules(record);
          expect(rules).toEqual(expect.arrayContaining(truth.expectRules));
          const extra = rules.filter((r) => !truth.expectRules.includes(r));
          expect(
            extra.filter((r) => r !== 'extraction.confidence'),
            JSON.stringify(
              record.validation.issues.filter((i) => extra.includes(i.rule) && i.rule !== 'extraction.confidence'),
              null,
              1,
            ),
          ).toEqual([]);
          const doubtful = rules.includes('extraction.confidence');
          expect(record.validation.status).toBe(truth.expectFlagged || doubtful ? 'flagged' : 'passed');
        },
        TIMEOUT,
      );

      it(
        'has the truth’s year and era, no text layer, every cell from OCR and on the page',
        async () => {
          const { record } = await result(file);
          expectScannedRecord(record, truth);
        },
        TIMEOUT,
      );

      it(
        'has no silent error',
        async () => {
          const { record } = await result(file);
          wrongCellsAreFlagged(record, truth);
        },
        TIMEOUT,
      );
    });
  }
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outDir: string;
  dataDir: string;
  /** *.traineddata* files in the current directory before and after the run. */
  cwdModelsBefore: string[];
  cwdModelsAfter: string[];
  ms: number;
}

const modelsIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.traineddata'));

/** `nianbao extract` in a child process with every proxy pointing at a closed port and an empty data dir. */
function runCli(): Promise<CliRun> {
  const outDir = mkdtempSync(join(tmpdir(), 'nianbao-scan-out-'));
  const data = mkdtempSync(join(tmpdir(), 'nianbao-scan-cli-data-'));
  cliDirs.push(outDir, data);
  const dead = 'http://127.0.0.1:9';
  const cwdModelsBefore = modelsIn(process.cwd());
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, 'bin', 'nianbao.js'),
        'extract',
        join(SCANS, `${CLI_SAMPLE}.pdf`),
        '--out',
        outDir,
        '--ocr',
        'always',
        '--workers',
        '1',
      ],
      {
        cwd: process.cwd(),
        env: {
          ...process.env,
          HTTP_PROXY: dead,
          HTTPS_PROXY: dead,
          http_proxy: dead,
          https_proxy: dead,
          NO_PROXY: '',
          no_proxy: '',
          NIANBAO_DATA_DIR: data,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        outDir,
        dataDir: data,
        cwdModelsBefore,
        cwdModelsAfter: modelsIn(process.cwd()),
        ms: performance.now() - started,
      });
    });
  });
}

describe('CLI on a scan, offline', () => {
  it(
    `extracts ${CLI_SAMPLE}.pdf with every proxy dead and an empty data dir: models come from the npm packages`,
    async () => {
      const run = await cliRun!;
      console.log(`CLI ${CLI_SAMPLE}.pdf: exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s`);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      const outputs = readdirSync(run.outDir).filter((f) => f.endsWith('.json'));
      expect(outputs).toEqual([`${CLI_SAMPLE}.json`]);
      const record = JSON.parse(readFileSync(join(run.outDir, outputs[0]!), 'utf8')) as ReportRecord;
      expect(record.source.textLayer).toBe('none');
      const cells = Object.values(record.cells);
      expect(cells.length).toBeGreaterThan(100);
      expect(cells.every((c) => c.source === 'ocr')).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'links the packaged models into NIANBAO_DATA_DIR and writes nothing into the current directory',
    async () => {
      const run = await cliRun!;
      for (const lang of ['chi_sim', 'eng']) {
        const link = join(run.dataDir, 'tessdata', '4.0.0_best_int', `${lang}.traineddata.gz`);
        expect(existsSync(link), link).toBe(true);
        expect(lstatSync(link).isSymbolicLink(), `${link} is a link into node_modules`).toBe(true);
      }
      expect(run.cwdModelsAfter).toEqual(run.cwdModelsBefore);
      expect(run.cwdModelsAfter).toEqual([]);
    },
    TIMEOUT,
  );
});
