/**
 * Stored reports for the series tests: a record of one agency and year with the given cells
 * (validated as extraction leaves it), and the store step the report worker takes for it.
 */
import type { ReportRecord } from '../../src/schema/record.js';
import type { Db } from '../../src/store/db.js';
import { storedPathOf } from '../../src/store/files.js';
import { createReport } from '../../src/store/reports.js';
import { revalidateRecord } from '../../src/validate/index.js';
import { storeRecord } from '../../src/workers/stages.js';

let serial = 0x5e000;
const sha = (): string => (serial++).toString(16).padStart(64, '0');

/** A cell as a text layer gives it: page 1, sure, printed as its value. */
export function textCell(value: number): ReportRecord['cells'][string] {
  return { value, page: 1, bbox: [0, 0, 1, 1], source: 'text', confidence: 1, raw: String(value) };
}

/** A 2021-era record of `agency` for `year` holding `cells`, its rules run. */
export function seriesRecord(agency: string, year: number, cells: Record<string, number>): ReportRecord {
  const base: ReportRecord = {
    schemaVersion: 1,
    source: { file: `${year}.pdf`, sha256: sha(), pages: 1, textLayer: 'full' },
    meta: { agency, year, era: '2021', publishedOn: null },
    sections: [],
    cells: Object.fromEntries(Object.entries(cells).map(([id, value]) => [id, textCell(value)])),
    validation: { status: 'passed', issues: [] },
    extractor: { version: '0.1.0' },
  };
  return revalidateRecord(base, { text: '' });
}

/** Stores `record` as report `name`.pdf, as the report worker does; its report id. */
export async function storeSeriesReport(db: Db, name: string, record: ReportRecord): Promise<number> {
  const { report } = await createReport(db, {
    sha256: record.source.sha256,
    fileName: `${name}.pdf`,
    filePath: storedPathOf(record.source.sha256),
    sizeBytes: 1,
    source: 'api',
  });
  await storeRecord(db, { reportId: report.id, run: 1, record, text: '', reprocessRunId: null });
  return report.id;
}
