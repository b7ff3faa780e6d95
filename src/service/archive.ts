/**
 * Archive look-ups: a report checked against the same agency's stored report of the year
 * before (the archive.* rules), by the report worker when it stores a run and by the review
 * when it re-runs the rules on a corrected record.
 */
import type { PreviousReport } from '../extractors/pipeline.js';
import { revalidateRecord } from '../validate/index.js';
import type { ReportRecord } from '../schema/record.js';
import type { Queryable } from '../store/db.js';
import { findArchiveCandidates, updateVersionValidation } from '../store/reports.js';
import { comparable } from '../validate/archive.js';
import type { ValidationOptions } from '../validate/index.js';

/** A record with its prose (re-validation needs both). */
export interface Assembled {
  record: ReportRecord;
  text: string;
}

/** Last year's stored record of the same agency, if the archive holds one. */
export async function findPrevious(
  db: Queryable,
  reportId: number,
  record: ReportRecord,
): Promise<PreviousReport | null> {
  const { year } = record.meta;
  if (year === null) return null;
  for (const c of await findArchiveCandidates(db, year - 1, record.meta.agency, reportId)) {
    const previous = { meta: c.record.meta, cells: c.record.cells, text: c.text };
    if (comparable(record.meta, previous)) return previous;
  }
  return null;
}

/** Runs the archive rules when last year's report is stored; otherwise the record is as assembled. */
export async function validateWithArchive(
  db: Queryable,
  reportId: number,
  assembled: Assembled,
  validation?: Partial<ValidationOptions>,
): Promise<ReportRecord> {
  const previous = await findPrevious(db, reportId, assembled.record);
  return previous
    ? revalidateRecord(assembled.record, { text: assembled.text, previous }, validation)
    : assembled.record;
}

/**
 * Re-runs validation on next year's stored reports of the same agency now that this one (their
 * `previous`) is stored. Returns how many records changed.
 */
export async function revalidateNextYear(
  db: Queryable,
  reportId: number,
  record: ReportRecord,
  validation?: Partial<ValidationOptions>,
  text?: string,
): Promise<number> {
  const { year } = record.meta;
  if (year === null) return 0;
  const previous = { meta: record.meta, cells: record.cells, text };
  let changed = 0;
  for (const c of await findArchiveCandidates(db, year + 1, record.meta.agency, reportId)) {
    if (!comparable(c.record.meta, previous)) continue;
    const revalidated = revalidateRecord(c.record, { text: c.text, previous }, validation);
    if (JSON.stringify(revalidated.validation) === JSON.stringify(c.record.validation)) continue;
    await updateVersionValidation(db, c.versionId, revalidated);
    changed++;
  }
  return changed;
}
