/**
 * `nianbao extract <files or folders…> --out DIR`: one record per input, a progress bar on a
 * terminal, a summary table, exit 1 when any file could not be read (flagged is normal). The
 * files given are read as series: each report is checked against the same agency's report of
 * the year before when it is among them (archive.*), and its record written again.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { extractReport, type ExtractOptions } from '../extractors/pipeline.js';
import { PdfReadError } from '../extractors/pdf/document.js';
import type { ReportRecord } from '../schema/record.js';
import { linkSeries } from '../series/link.js';
import { toCsv } from '../csv.js';
import { CELL_CSV_HEADER, recordToCsvRows } from './csv.js';
import { collectInputs, outputNames } from './files.js';
import { ScanReader } from '../extractors/scan/scanReader.js';
import { dataDirOf } from '../service/config.js';

export interface FileOutcome {
  file: string;
  record?: ReportRecord;
  error?: string;
  ms: number;
  /** The same agency's report of the year before, when it was among the files (archive.* ran against it). */
  previous?: { file: string; year: number | null };
}

const USAGE = `usage: nianbao extract <files or folders…> --out DIR [options]
  --out DIR            where to write <name>.json (default: out)
  --format json|csv    csv: long form (file, cell, value, page, source, confidence, unit)
  --ocr auto|always|never
                       auto (default): OCR the pages without a usable text layer,
                       and pictures that hold text on pages that have one
  --workers N          OCR workers per model (default: number of cores)
  --min-confidence X   OCR values below X (0..1, default 0.8) raise extraction.confidence
  --max-pages N        refuse PDFs longer than N pages (default 1000)
  --quiet              no progress bar and no summary
OCR models are linked into NIANBAO_DATA_DIR/tessdata (default ./data); nothing is downloaded.`;

export async function runExtract(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'out' },
      format: { type: 'string', default: 'json' },
      'max-pages': { type: 'string', default: '1000' },
      ocr: { type: 'string', default: 'auto' },
      workers: { type: 'string' },
      'min-confidence': { type: 'string', default: '0.8' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    out.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  if (values.format !== 'json' && values.format !== 'csv') {
    process.stderr.write(`unknown --format ${values.format}: use json or csv\n`);
    return 2;
  }
  const ocr = values.ocr;
  if (ocr !== 'auto' && ocr !== 'always' && ocr !== 'never') {
    process.stderr.write(`unknown --ocr ${ocr}: use auto, always or never\n`);
    return 2;
  }
  const maxPages = Number(values['max-pages']);
  const confidenceThreshold = Number(values['min-confidence']);
  if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
    process.stderr.write('--min-confidence takes a number from 0 to 1\n');
    return 2;
  }
  const workers = values.workers === undefined ? undefined : Math.max(1, Number(values.workers));
  const scanner = new ScanReader({ dataDir: dataDirOf(process.env), size: workers });
  const { files, problems } = await collectInputs(positionals);
  await mkdir(values.out, { recursive: true });
  const names = outputNames(files);
  const outcomes: FileOutcome[] = problems.map((p) => ({ file: p.path, error: p.reason, ms: 0 }));

  const showBar = !values.quiet && process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: '{bar} {value}/{total} files | page {page} | {file}', clearOnComplete: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(files.length, 0, { file: '', page: '' });

  const write = async (name: string, record: ReportRecord): Promise<void> => {
    if (values.format === 'json')
      await writeFile(join(values.out, `${name}.json`), JSON.stringify(record, null, 1) + '\n');
    else await writeFile(join(values.out, `${name}.csv`), toCsv(CELL_CSV_HEADER, recordToCsvRows(record)));
  };
  const read: Array<{ record: ReportRecord; text: string; outcome: FileOutcome; name: string }> = [];
  for (const [i, file] of files.entries()) {
    bar?.update(i, { file, page: '' });
    const started = performance.now();
    try {
      const data = new Uint8Array(await readFile(file));
      const options: ExtractOptions = {
        fileName: file,
        maxPages,
        ocr,
        readScannedPage: scanner.read,
        concurrency: Math.max(2, workers ?? 2),
        validation: { confidenceThreshold },
        onProgress: (done, total) => bar?.update(i, { file, page: `${done}/${total}` }),
      };
      const { record, text } = await extractReport(data, options);
      await write(names[i]!, record);
      const outcome: FileOutcome = { file, record, ms: performance.now() - started };
      outcomes.push(outcome);
      read.push({ record, text, outcome, name: names[i]! });
    } catch (err) {
      outcomes.push({ file, error: describeError(err), ms: performance.now() - started });
    }
  }
  bar?.update(files.length, { file: '', page: '' });
  bar?.stop();
  await scanner.close();
  // Series: each report against the same agency's year before, when it is among the files.
  for (const { entry, previous } of linkSeries(read, { confidenceThreshold })) {
    if (!previous) continue;
    entry.outcome.record = entry.record;
    entry.outcome.previous = { file: previous.outcome.file, year: previous.record.meta.year };
    await write(entry.name, entry.record);
  }
  if (!values.quiet) out.write(formatSummary(outcomes));
  return outcomes.some((o) => o.error) ? 1 : 0;
}

export function describeError(err: unknown): string {
  if (err instanceof PdfReadError) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** The series column: the year checked against and the cross-year rules that warned (ok when none). */
function archiveOf(o: FileOutcome): string {
  if (!o.record || !o.previous) return '-';
  const warned = [
    ...new Set(
      o.record.validation.issues
        .filter((i) => i.rule.startsWith('archive.') || i.rule === 'text.reuse')
        .map((i) => i.rule),
    ),
  ];
  return `vs ${o.previous.year ?? '?'}: ${warned.join(',') || 'ok'}`;
}

/** A plain-text table: file, era, year, cells, status, broken rules, the series check, ms. */
export function formatSummary(outcomes: readonly FileOutcome[]): string {
  const rows = outcomes.map((o) => {
    if (!o.record) return [o.file, '-', '-', '-', 'ERROR', o.error ?? '', '-', o.ms.toFixed(0)];
    const r = o.record;
    const rules = [...new Set(r.validation.issues.filter((i) => i.severity === 'error').map((i) => i.rule))].join(',');
    return [
      o.file,
      r.meta.era ?? '-',
      String(r.meta.year ?? '-'),
      String(Object.keys(r.cells).length),
      r.validation.status,
      rules || '-',
      archiveOf(o),
      o.ms.toFixed(0),
    ];
  });
  const header = ['file', 'era', 'year', 'cells', 'status', 'broken rules / error', 'archive', 'ms'];
  const width = (s: string): number => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1), 0);
  const all = [header, ...rows];
  const widths = header.map((_, k) => Math.max(...all.map((r) => width(r[k]!))));
  const line = (r: readonly string[]): string =>
    r
      .map((c, k) => c + ' '.repeat(widths[k]! - width(c)))
      .join('  ')
      .trimEnd();
  const failed = outcomes.filter((o) => o.error).length;
  const flagged = outcomes.filter((o) => o.record?.validation.status === 'flagged').length;
  return [
    line(header),
    ...rows.map(line),
    `${outcomes.length} files: ${outcomes.length - failed} read (${flagged} flagged), ${failed} failed`,
    '',
  ].join('\n');
}
