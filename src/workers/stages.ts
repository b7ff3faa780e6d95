/**
 * The stages after the page reads, each a function of its inputs (the report job calls them
 * in order; tests call them alone):
 *
 *   assemble   page models → record + prose           (pure: recordFromPages)
 *   validate   record → record with the archive rules   (last year's stored record of the agency)
 *   store      record → version + report row            (and archive rules re-run on next year's)
 *
 * No extraction logic lives here: the record is made by recordFromPages and re-validated by
 * revalidateRecord, exactly as `extractReport` would with `previous` given.
 */
import type { Logger } from 'pino';
import type { PageModel } from '../extractors/model.js';
import { recordFromPages, revalidateRecord, type PreviousReport } from '../extractors/pipeline.js';
import type { ReportRecord } from '../schema/record.js';
import type { Db, Queryable } from '../store/db.js';
import { setItemState } from '../store/reprocess.js';
import { findArchiveCandidates, markFailed, saveVersion, updateVersionValidation } from '../store/reports.js';
import { comparable } from '../validate/archive.js';
import type { ValidationOptions } from '../validate/index.js';
import { EXTRACTOR_VERSION } from '../version.js';

export interface Assembled {
  record: ReportRecord;
  text: string;
}

/** Page models (any order) → the record, as extractReport makes it from the same file. */
export function assemble(pages: readonly PageModel[], source: { file: string; sha256: string }, validation?: Partial<ValidationOptions>): Assembled {
  const ordered = [...pages].sort((a, b) => a.page - b.page);
  return recordFromPages(ordered, source, { validation });
}

/** Last year's stored record of the same agency, if the archive holds one. */
export async function findPrevious(db: Queryable, reportId: number, record: ReportRecord): Promise<PreviousReport | null> {
  const { year } = record.meta;
  if (year === null) return null;
  for (const c of await findArchiveCandidates(db, year - 1, record.meta.agency, reportId)) {
    const previous = { meta: c.record.meta, cells: c.record.cells, text: c.text };
    if (comparable(record.meta, previous)) return previous;
  }
  return null;
}

/** Runs the archive rules when last year's report is stored; otherwise the record is as assembled. */
export async function validateWithArchive(db: Queryable, reportId: number, assembled: Assembled, validation?: Partial<ValidationOptions>): Promise<ReportRecord> {
  const previous = await findPrevious(db, reportId, assembled.record);
  return previous ? revalidateRecord(assembled.record, { text: assembled.text, previous }, validation) : assembled.record;
}

/**
 * Re-runs validation on next year's stored reports of the same agency now that this one (their
 * `previous`) is stored. Returns how many records changed.
 */
export async function revalidateNextYear(db: Queryable, reportId: number, record: ReportRecord, validation?: Partial<ValidationOptions>, text?: string): Promise<number> {
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

export interface StoreInput {
  reportId: number;
  run: number;
  record: ReportRecord;
  text: string;
  reprocessRunId: number | null;
}

/** Stores the run's version and status, then lets next year's reports see it. */
export async function storeRecord(db: Db, input: StoreInput, log?: Logger, validation?: Partial<ValidationOptions>): Promise<{ versionId: number; current: boolean }> {
  const saved = await db.transaction(async (tx) => {
    const result = await saveVersion(tx, input);
    if (input.reprocessRunId !== null) await setItemState(tx, input.reprocessRunId, input.reportId, 'done', input.run);
    return result;
  });
  if (saved.current) {
    const changed = await revalidateNextYear(db, input.reportId, input.record, validation, input.text);
    if (changed > 0) log?.info({ reportId: input.reportId, changed }, 'archive rules re-run on next year’s report');
  }
  return saved;
}

/** Records a run's failure (the report row only changes while the run is the latest). */
export async function recordFailure(db: Db, input: { reportId: number; run: number; reprocessRunId: number | null; reason: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await markFailed(tx, input.reportId, input.run, input.reason, EXTRACTOR_VERSION);
    if (input.reprocessRunId !== null) await setItemState(tx, input.reprocessRunId, input.reportId, 'failed', input.run);
    return changed;
  });
}
