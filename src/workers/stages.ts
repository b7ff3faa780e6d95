/**
 * The stages after the page reads, each a function of its inputs (the report job calls them
 * in order; tests call them alone):
 *
 *   assemble   page models → record + prose           (pure: recordFromPages)
 *   validate   record → record with the archive rules   (last year's stored record of the agency)
 *   store      record → version + report row            (and archive rules re-run on next year's)
 *
 * No extraction logic lives here: the record is made by recordFromPages and re-validated by
 * revalidateRecord (src/service/archive.ts), exactly as `extractReport` would with `previous` given.
 */
import type { Logger } from 'pino';
import type { PageModel } from '../extractors/model.js';
import { recordFromPages } from '../extractors/pipeline.js';
import type { ReportRecord } from '../schema/record.js';
import type { Db } from '../store/db.js';
import { setItemState } from '../store/reprocess.js';
import { markFailed, saveVersion, type FailureKind } from '../store/reports.js';
import { revalidateNextYear, type Assembled } from '../service/archive.js';
import type { ValidationOptions } from '../validate/index.js';
import { EXTRACTOR_VERSION } from '../version.js';

/** Page models (any order) → the record, as extractReport makes it from the same file. */
export function assemble(
  pages: readonly PageModel[],
  source: { file: string; sha256: string },
  validation?: Partial<ValidationOptions>,
): Assembled {
  const ordered = [...pages].sort((a, b) => a.page - b.page);
  return recordFromPages(ordered, source, { validation });
}

export interface StoreInput {
  reportId: number;
  run: number;
  record: ReportRecord;
  text: string;
  reprocessRunId: number | null;
}

/** Stores the run's version and status, then lets next year's reports see it. */
export async function storeRecord(
  db: Db,
  input: StoreInput,
  log?: Logger,
  validation?: Partial<ValidationOptions>,
): Promise<{ versionId: number; current: boolean }> {
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

/** Records a run's failure and its kind (the report row only changes while the run is the latest). */
export async function recordFailure(
  db: Db,
  input: { reportId: number; run: number; reprocessRunId: number | null; reason: string; kind: FailureKind },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await markFailed(tx, input.reportId, input.run, input.reason, EXTRACTOR_VERSION, input.kind);
    if (input.reprocessRunId !== null)
      await setItemState(tx, input.reprocessRunId, input.reportId, 'failed', input.run);
    return changed;
  });
}
