/**
 * Reports and their versions. A report is one distinct file (by SHA-256); each extraction run
 * that produced a record is a version, kept with the extractor version that made it. The
 * report row carries the status and the fields the list filters use, taken from its current
 * version.
 *
 * Runs: `run` is the latest extraction asked for (1 on arrival, +1 per re-process). Writes of
 * a run that is no longer the latest leave the report row alone, so a superseded job finishing
 * late cannot overwrite newer results.
 */
import type { PdfErrorKind } from '../extractors/pdf/document.js';
import type { ReportRecord } from '../schema/record.js';
import { agencyMatch } from '../validate/agency.js';
import type { Queryable } from './db.js';

export type ReportStatus = 'queued' | 'processing' | 'passed' | 'flagged' | 'failed';
export const REPORT_STATUSES: readonly ReportStatus[] = ['queued', 'processing', 'passed', 'flagged', 'failed'];
export type ReportSource = 'api' | 'watch' | 'other';

/**
 * What kind of failure a failed report's error describes: the PDF's own (src/extractors/pdf/
 * document.ts's PdfErrorKind), the stored copy missing from the data dir, a job that stalled
 * too often, anything else. The column's CHECK (migration 004) lists the same.
 */
export type FailureKind = PdfErrorKind | 'missing-file' | 'stalled' | 'other';
export const FAILURE_KINDS = [
  'empty',
  'not-pdf',
  'encrypted',
  'corrupt',
  'too-large',
  'missing-file',
  'stalled',
  'other',
] as const satisfies readonly FailureKind[];

export interface Report {
  id: number;
  sha256: string;
  fileName: string;
  filePath: string;
  sizeBytes: number;
  source: ReportSource;
  status: ReportStatus;
  error: string | null;
  /** What kind of failure `error` describes (null unless failed, and for failures recorded before kinds were). */
  errorKind: FailureKind | null;
  run: number;
  reprocessRunId: number | null;
  currentVersionId: number | null;
  agency: string | null;
  year: number | null;
  era: string | null;
  rules: string[];
  pages: number | null;
  extractorVersion: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReportVersion {
  id: number;
  reportId: number;
  run: number;
  extractorVersion: string;
  status: 'passed' | 'flagged';
  record: ReportRecord;
  text: string;
  reprocessRunId: number | null;
  createdAt: Date;
  revalidatedAt: Date | null;
}

const REPORT_COLUMNS =
  `id, sha256, file_name, file_path, size_bytes, source, status, error, error_kind, run, ` +
  `reprocess_run_id,
  current_version_id, agency, year, era, rules, pages, extractor_version, created_at, updated_at`;

interface ReportRow {
  id: number;
  sha256: string;
  file_name: string;
  file_path: string;
  size_bytes: number;
  source: ReportSource;
  status: ReportStatus;
  error: string | null;
  error_kind: FailureKind | null;
  run: number;
  reprocess_run_id: number | null;
  current_version_id: number | null;
  agency: string | null;
  year: number | null;
  era: string | null;
  rules: string[];
  pages: number | null;
  extractor_version: string | null;
  created_at: Date;
  updated_at: Date;
}

function toReport(r: ReportRow): Report {
  return {
    id: r.id,
    sha256: r.sha256,
    fileName: r.file_name,
    filePath: r.file_path,
    sizeBytes: r.size_bytes,
    source: r.source,
    status: r.status,
    error: r.error,
    errorKind: r.error_kind,
    run: r.run,
    reprocessRunId: r.reprocess_run_id,
    currentVersionId: r.current_version_id,
    agency: r.agency,
    year: r.year,
    era: r.era,
    rules: r.rules ?? [],
    pages: r.pages,
    extractorVersion: r.extractor_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

interface VersionRow {
  id: number;
  report_id: number;
  run: number;
  extractor_version: string;
  status: 'passed' | 'flagged';
  record: ReportRecord;
  text: string;
  reprocess_run_id: number | null;
  created_at: Date;
  revalidated_at: Date | null;
}

function toVersion(r: VersionRow): ReportVersion {
  return {
    id: r.id,
    reportId: r.report_id,
    run: r.run,
    extractorVersion: r.extractor_version,
    status: r.status,
    record: r.record,
    text: r.text,
    reprocessRunId: r.reprocess_run_id,
    createdAt: r.created_at,
    revalidatedAt: r.revalidated_at,
  };
}

/**
 * The agency name without whitespace, as the queue's agency filter matches it (the archive compares names with
 * src/validate/agency.ts).
 */
export function agencyKey(agency: string | null): string | null {
  if (agency === null) return null;
  const key = agency.replace(/\s+/gu, '');
  return key === '' ? null : key;
}

/** Every rule the record's issues name, errors and warnings, each once. */
export function rulesOf(record: ReportRecord): string[] {
  return [...new Set(record.validation.issues.map((i) => i.rule))].sort();
}

export interface NewReport {
  sha256: string;
  fileName: string;
  filePath: string;
  sizeBytes: number;
  source: ReportSource;
}

/** Inserts the report, or finds the one with the same SHA-256: the same file twice is one report. */
export async function createReport(db: Queryable, input: NewReport): Promise<{ report: Report; created: boolean }> {
  const inserted = await db.query<ReportRow>(
    `INSERT INTO reports (sha256, file_name, file_path, size_bytes, source) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sha256) DO NOTHING RETURNING ${REPORT_COLUMNS}`,
    [input.sha256, input.fileName, input.filePath, input.sizeBytes, input.source],
  );
  if (inserted.rows[0]) return { report: toReport(inserted.rows[0]), created: true };
  const existing = await getReportBySha(db, input.sha256);
  if (!existing) throw new Error(`report ${input.sha256} vanished between insert and select`);
  return { report: existing, created: false };
}

export async function getReport(db: Queryable, id: number): Promise<Report | null> {
  const r = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [id]);
  return r.rows[0] ? toReport(r.rows[0]) : null;
}

export async function getReportBySha(db: Queryable, sha256: string): Promise<Report | null> {
  const r = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE sha256 = $1`, [sha256]);
  return r.rows[0] ? toReport(r.rows[0]) : null;
}

export async function getVersion(db: Queryable, versionId: number): Promise<ReportVersion | null> {
  const r = await db.query<VersionRow>('SELECT * FROM report_versions WHERE id = $1', [versionId]);
  return r.rows[0] ? toVersion(r.rows[0]) : null;
}

export async function listVersions(db: Queryable, reportId: number): Promise<Omit<ReportVersion, 'record' | 'text'>[]> {
  const r = await db.query<VersionRow>(
    `SELECT id, report_id, run, extractor_version, status, NULL AS record, '' AS text, reprocess_run_id, created_at, ` +
      `revalidated_at
     FROM report_versions WHERE report_id = $1 ORDER BY run`,
    [reportId],
  );
  return r.rows.map((row) => {
    const { record: _r, text: _t, ...rest } = toVersion(row);
    return rest;
  });
}

export interface ReportFilter {
  status?: ReportStatus;
  year?: number;
  /** Part of the agency's name (whitespace ignored). */
  agency?: string;
  /** A rule that one of the current version's issues names. */
  rule?: string;
  /** Failed reports whose failure is of this kind. */
  errorKind?: FailureKind;
  /** Reports with an id greater than this (paging). */
  afterId?: number;
  limit?: number;
}

export async function listReports(db: Queryable, filter: ReportFilter = {}): Promise<Report[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown): void => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.status) add((p) => `status = ${p}`, filter.status);
  if (filter.year !== undefined) add((p) => `year = ${p}`, filter.year);
  if (filter.agency) add((p) => `strpos(agency_key, ${p}) > 0`, agencyKey(filter.agency) ?? '');
  if (filter.rule) add((p) => `${p} = ANY (rules)`, filter.rule);
  if (filter.errorKind) add((p) => `error_kind = ${p}`, filter.errorKind);
  if (filter.afterId !== undefined) add((p) => `id > ${p}`, filter.afterId);
  params.push(Math.min(Math.max(filter.limit ?? 100, 1), 1000));
  const r = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ` +
      `$${params.length}`,
    params,
  );
  return r.rows.map(toReport);
}

export async function countReports(db: Queryable): Promise<Record<ReportStatus, number>> {
  const r = await db.query<{ status: ReportStatus; n: number }>(
    'SELECT status, count(*)::int AS n FROM reports GROUP BY status',
  );
  const counts = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
  for (const row of r.rows) counts[row.status] = row.n;
  return counts;
}

/** True when `run` is still the report's latest run. */
export async function isCurrentRun(db: Queryable, reportId: number, run: number): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM reports WHERE id = $1 AND run = $2', [reportId, run]);
  return r.rows.length > 0;
}

/** queued → processing, for the latest run only. */
export async function markProcessing(db: Queryable, reportId: number, run: number): Promise<boolean> {
  const r = await db.query(
    `UPDATE reports SET status = 'processing', updated_at = now() WHERE id = $1 AND run = $2 AND status IN ` +
      `('queued', 'processing')`,
    [reportId, run],
  );
  return r.rowCount > 0;
}

/**
 * Asks for a new extraction run of a report that is not in progress: run + 1, status queued.
 * Returns the new run, or null when the report is missing or already queued or processing.
 */
export async function requestRun(
  db: Queryable,
  reportId: number,
  options: { reprocessRunId?: number | null } = {},
): Promise<number | null> {
  const r = await db.query<{ run: number }>(
    `UPDATE reports SET run = run + 1, status = 'queued', error = NULL, error_kind = NULL, reprocess_run_id = $2, ` +
      `updated_at = now()
     WHERE id = $1 AND status NOT IN ('queued', 'processing') RETURNING run`,
    [reportId, options.reprocessRunId ?? null],
  );
  return r.rows[0]?.run ?? null;
}

export interface NewVersion {
  reportId: number;
  run: number;
  record: ReportRecord;
  text: string;
  reprocessRunId?: number | null;
}

/**
 * Stores a run's record as a version (idempotent per run: a retried store step overwrites its
 * own version) and, when the run is still the latest, makes it the report's current version.
 */
export async function saveVersion(db: Queryable, v: NewVersion): Promise<{ versionId: number; current: boolean }> {
  const status = v.record.validation.status;
  const inserted = await db.query<{ id: number }>(
    `INSERT INTO report_versions (report_id, run, extractor_version, status, record, text, reprocess_run_id)
     VALUES ($1, $2, $3, $4, $5::json, $6, $7)
     ON CONFLICT (report_id, run) DO UPDATE SET extractor_version = EXCLUDED.extractor_version, status = ` +
      `EXCLUDED.status,
       record = EXCLUDED.record, text = EXCLUDED.text, created_at = now(), revalidated_at = NULL
     RETURNING id`,
    [v.reportId, v.run, v.record.extractor.version, status, JSON.stringify(v.record), v.text, v.reprocessRunId ?? null],
  );
  const versionId = inserted.rows[0]!.id;
  const { meta } = v.record;
  const updated = await db.query(
    `UPDATE reports SET status = $3, error = NULL, error_kind = NULL, current_version_id = $4, agency = $5, ` +
      `agency_key = $6, year = $7, era = $8,
       rules = $9, pages = $10, extractor_version = $11, updated_at = now()
     WHERE id = $1 AND run = $2`,
    [
      v.reportId,
      v.run,
      status,
      versionId,
      meta.agency,
      agencyKey(meta.agency),
      meta.year,
      meta.era,
      rulesOf(v.record),
      v.record.source.pages,
      v.record.extractor.version,
    ],
  );
  return { versionId, current: updated.rowCount > 0 };
}

/** The latest run failed: status failed with the reason and its kind. The current version (if any) stays. */
export async function markFailed(
  db: Queryable,
  reportId: number,
  run: number,
  error: string,
  extractorVersion: string,
  kind: FailureKind = 'other',
): Promise<boolean> {
  const r = await db.query(
    `UPDATE reports SET status = 'failed', error = $3, error_kind = $5, extractor_version = $4, updated_at = now()
     WHERE id = $1 AND run = $2 AND status IN ('queued', 'processing')`,
    [reportId, run, error.slice(0, 4000), extractorVersion, kind],
  );
  return r.rowCount > 0;
}

export interface ArchiveEntry {
  reportId: number;
  versionId: number;
  record: ReportRecord;
  text: string;
}

/**
 * Stored reports of `year` by the same agency as `agency`, in any printed form of its name
 * (src/validate/agency.ts: 莆田市人民政府 / 莆田市, 莆田市统计局 / 莆田市统计局办公室, 淮安市洪泽区人民政府
 * / 洪泽区人民政府), the closest form first, then the most recently updated. The names of the
 * year are compared here; only the matches' records are loaded.
 */
export async function findArchiveCandidates(
  db: Queryable,
  year: number,
  agency: string | null,
  excludeReportId: number,
): Promise<ArchiveEntry[]> {
  if (agencyKey(agency) === null) return [];
  const names = await db.query<{ id: number; agency: string }>(
    `SELECT id, agency FROM reports WHERE year = $1 AND id <> $2 AND agency IS NOT NULL AND current_version_id IS ` +
      `NOT NULL ORDER BY updated_at DESC, id DESC`,
    [year, excludeReportId],
  );
  const ranked = names.rows
    .map((row, order) => ({ id: row.id, rank: agencyMatch(agency, row.agency), order }))
    .filter((c) => c.rank > 0)
    .sort((a, b) => b.rank - a.rank || a.order - b.order);
  if (ranked.length === 0) return [];
  const r = await db.query<{ report_id: number; version_id: number; record: ReportRecord; text: string }>(
    `SELECT r.id AS report_id, v.id AS version_id, v.record, v.text
     FROM reports r JOIN report_versions v ON v.id = r.current_version_id
     WHERE r.id = ANY($1::int[])`,
    [ranked.map((c) => c.id)],
  );
  const byId = new Map(r.rows.map((row) => [row.report_id, row]));
  return ranked.flatMap((c) => {
    const row = byId.get(c.id);
    return row ? [{ reportId: row.report_id, versionId: row.version_id, record: row.record, text: row.text }] : [];
  });
}

/**
 * Replaces a version's record after validation was re-run on its cells (revalidated_at is set);
 * the report row follows when it is the current version.
 */
export async function updateVersionValidation(db: Queryable, versionId: number, record: ReportRecord): Promise<void> {
  const status = record.validation.status;
  await db.query(`UPDATE report_versions SET record = $2::json, status = $3, revalidated_at = now() WHERE id = $1`, [
    versionId,
    JSON.stringify(record),
    status,
  ]);
  await db.query(
    `UPDATE reports SET status = $2, rules = $3, updated_at = now() WHERE current_version_id = $1 AND status IN ` +
      `('passed', 'flagged')`,
    [versionId, status, rulesOf(record)],
  );
}

/** Reports waiting or in progress whose last change is older than `olderThanMs` (for the reconciler). */
export async function unsettledReports(db: Queryable, olderThanMs: number, limit = 1000): Promise<Report[]> {
  const r = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports WHERE status IN ('queued', 'processing')
       AND updated_at < now() - ($1::int * interval '1 millisecond') ORDER BY id LIMIT $2`,
    [Math.max(0, Math.round(olderThanMs)), limit],
  );
  return r.rows.map(toReport);
}
