/**
 * Files of the watched folder between arrival and their move to processed/ or failed/.
 * A pending row ties a file (by name, size and mtime) to the report made of it; the watcher
 * moves the file once that report is finished. The rows survive restarts, so a file that
 * arrived, or finished, while the service was down is settled on the next start.
 */
import type { Queryable } from './db.js';
import type { ReportStatus } from './reports.js';

export interface IntakeFile {
  id: number;
  name: string;
  sizeBytes: number;
  mtimeMs: number;
  reportId: number;
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
}

const toIntake = (r: Row): IntakeFile => ({ id: r.id, name: r.name, sizeBytes: Number(r.size_bytes), mtimeMs: r.mtime_ms, reportId: r.report_id });

export async function findPendingIntake(db: Queryable, watchDir: string, name: string): Promise<IntakeFile | null> {
  const r = await db.query<Row>(`SELECT id, name, size_bytes, mtime_ms, report_id FROM intake_files WHERE watch_dir = $1 AND name = $2 AND state = 'pending'`, [watchDir, name]);
  return r.rows[0] ? toIntake(r.rows[0]) : null;
}

/** Records a file as waiting for its report; an older pending row of the same name is marked replaced. */
export async function addPendingIntake(db: Queryable, watchDir: string, file: Omit<IntakeFile, 'id'>): Promise<number> {
  await db.query(`UPDATE intake_files SET state = 'replaced', settled_at = now() WHERE watch_dir = $1 AND name = $2 AND state = 'pending'`, [watchDir, file.name]);
  const r = await db.query<{ id: number }>(
    `INSERT INTO intake_files (watch_dir, name, size_bytes, mtime_ms, report_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [watchDir, file.name, file.sizeBytes, file.mtimeMs, file.reportId],
  );
  return r.rows[0]!.id;
}

/** Pending files whose report is finished (passed, flagged or failed). */
export async function settleableIntake(db: Queryable, watchDir: string, limit = 200): Promise<SettleableFile[]> {
  const r = await db.query<Row & { status: ReportStatus; error: string | null; sha256: string }>(
    `SELECT i.id, i.name, i.size_bytes, i.mtime_ms, i.report_id, r.status, r.error, r.sha256
     FROM intake_files i JOIN reports r ON r.id = i.report_id
     WHERE i.watch_dir = $1 AND i.state = 'pending' AND r.status IN ('passed', 'flagged', 'failed')
     ORDER BY i.id LIMIT $2`,
    [watchDir, limit],
  );
  return r.rows.map((row) => ({ ...toIntake(row), reportStatus: row.status, error: row.error, sha256: row.sha256 }));
}

export async function settleIntake(db: Queryable, id: number, state: 'processed' | 'failed' | 'gone' | 'replaced', movedTo: string | null): Promise<void> {
  await db.query(`UPDATE intake_files SET state = $2, moved_to = $3, settled_at = now() WHERE id = $1`, [id, state, movedTo]);
}
