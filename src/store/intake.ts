/**
 * Files of the watched folder between arrival and their move to processed/ or failed/.
 * A pending row ties a file (by name, size and mtime) to the report made of it; the watcher
 * moves the file once that report is finished. The rows survive restarts, so a file that
 * arrived, or finished, while the service was down is settled on the next start. A file
 * replaced under the same name before it was settled supersedes the report of its earlier
 * content (supersedeReport).
 */
import type { Db, Queryable } from './db.js';
import type { ReportStatus } from './reports.js';

export interface IntakeFile {
  id: number;
  name: string;
  sizeBytes: number;
  mtimeMs: number;
  reportId: number;
  /** When the watcher last saw the file change (the grace period of a failure counts from it). */
  changedAt: Date;
}

export interface SettleableFile extends IntakeFile {
  reportStatus: ReportStatus;
  error: string | null;
  sha256: string;
}

interface Row {
  id: number;
  name: string;
  size_bytes: number | string;
  mtime_ms: number;
  report_id: number;
  changed_at: Date;
}

const COLUMNS = 'i.id, i.name, i.size_bytes, i.mtime_ms, i.report_id, i.changed_at';
const toIntake = (r: Row): IntakeFile => ({
  id: r.id,
  name: r.name,
  sizeBytes: Number(r.size_bytes),
  mtimeMs: r.mtime_ms,
  reportId: r.report_id,
  changedAt: r.changed_at,
});

export async function findPendingIntake(db: Queryable, watchDir: string, name: string): Promise<IntakeFile | null> {
  const r = await db.query<Row>(
    `SELECT ${COLUMNS} FROM intake_files i WHERE i.watch_dir = $1 AND i.name = $2 AND i.state = 'pending'`,
    [watchDir, name],
  );
  return r.rows[0] ? toIntake(r.rows[0]) : null;
}

/**
 * Records a file as waiting for its report; an older pending row of the same name is marked
 * replaced. Returns the new row's id and the report of the row it replaced (if any).
 */
export async function addPendingIntake(
  db: Db,
  watchDir: string,
  file: Omit<IntakeFile, 'id'>,
): Promise<{ id: number; replacedReportId: number | null }> {
  return db.transaction(async (tx) => {
    const old = await tx.query<{ report_id: number }>(
      `UPDATE intake_files SET state = 'replaced', settled_at = now() WHERE watch_dir = $1 AND name = $2 AND state = ` +
        `'pending' RETURNING report_id`,
      [watchDir, file.name],
    );
    const r = await tx.query<{ id: number }>(
      `INSERT INTO intake_files (watch_dir, name, size_bytes, mtime_ms, report_id, changed_at) VALUES ($1, $2, $3, ` +
        `$4, $5, $6) RETURNING id`,
      [watchDir, file.name, file.sizeBytes, file.mtimeMs, file.reportId, file.changedAt],
    );
    const replaced = old.rows[0]?.report_id;
    return {
      id: r.rows[0]!.id,
      replacedReportId: replaced !== undefined && replaced !== file.reportId ? replaced : null,
    };
  });
}

/**
 * The earlier report of a watched file that was replaced (it was read while still being
 * written) is dropped when it never produced a record and came from that file alone: no
 * version, no other intake, not uploaded. Returns its store path when it was dropped (the
 * caller removes the file), null when it stays (it was read whole once: it is a report of its own).
 */
export async function supersedeReport(
  db: Queryable,
  reportId: number,
  watchDir: string,
  name: string,
): Promise<string | null> {
  const r = await db.query<{ file_path: string }>(
    `DELETE FROM reports r WHERE r.id = $1 AND r.source = 'watch' AND r.current_version_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM report_versions v WHERE v.report_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM intake_files i WHERE i.report_id = r.id AND (i.watch_dir <> $2 OR i.name <> $3 ` +
      `OR i.state <> 'replaced'))
     RETURNING r.file_path`,
    [reportId, watchDir, name],
  );
  return r.rows[0]?.file_path ?? null;
}

/** Pending files whose report is finished (passed, flagged or failed). */
export async function settleableIntake(db: Queryable, watchDir: string, limit = 200): Promise<SettleableFile[]> {
  const r = await db.query<Row & { status: ReportStatus; error: string | null; sha256: string }>(
    `SELECT ${COLUMNS}, r.status, r.error, r.sha256
     FROM intake_files i JOIN reports r ON r.id = i.report_id
     WHERE i.watch_dir = $1 AND i.state = 'pending' AND r.status IN ('passed', 'flagged', 'failed')
     ORDER BY i.id LIMIT $2`,
    [watchDir, limit],
  );
  return r.rows.map((row) => ({ ...toIntake(row), reportStatus: row.status, error: row.error, sha256: row.sha256 }));
}

export async function settleIntake(
  db: Queryable,
  id: number,
  state: 'processed' | 'failed' | 'gone' | 'replaced',
  movedTo: string | null,
): Promise<void> {
  await db.query(`UPDATE intake_files SET state = $2, moved_to = $3, settled_at = now() WHERE id = $1`, [
    id,
    state,
    movedTo,
  ]);
}
