/**
 * The review's tables (migration 002): the review of a report, the human decision in force per
 * cell, the append-only audit trail, and the queries of the queue page and the exports. The
 * logic (what a decision does to the record, conflicts, what may be approved) is in
 * src/review/review.ts; this file is SQL only.
 */
import type { ReportRecord } from '../schema/record.js';
import type { Queryable } from './db.js';
import { agencyKey, type FailureKind, type ReportStatus } from './reports.js';

// --- reviews ------------------------------------------------------------------------------------

export type ReviewStatus = 'in_review' | 'approved' | 'rejected';

export interface ReviewRow {
  reportId: number;
  status: ReviewStatus;
  versionId: number | null;
  record: ReportRecord | null;
  rules: string[];
  validStatus: 'passed' | 'flagged' | null;
  conflicts: string[];
  confirmedVersionId: number | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  decidedVersionId: number | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  updatedAt: Date;
}

interface ReviewDbRow {
  report_id: number;
  status: ReviewStatus;
  version_id: number | null;
  record: ReportRecord | null;
  rules: string[] | null;
  valid_status: 'passed' | 'flagged' | null;
  conflicts: string[] | null;
  confirmed_version_id: number | null;
  confirmed_by_name: string | null;
  confirmed_at: Date | null;
  decided_version_id: number | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  updated_at: Date;
}

const REVIEW_SELECT =
  `SELECT rv.report_id, rv.status, rv.version_id, rv.record, rv.rules, rv.valid_status, ` +
  `rv.conflicts,
    rv.confirmed_version_id, cu.name AS confirmed_by_name, rv.confirmed_at,
    rv.decided_version_id, du.name AS decided_by_name, rv.decided_at, rv.updated_at
  FROM reviews rv LEFT JOIN users cu ON cu.id = rv.confirmed_by LEFT JOIN users du ON du.id = rv.decided_by`;

function toReview(r: ReviewDbRow): ReviewRow {
  return {
    reportId: r.report_id,
    status: r.status,
    versionId: r.version_id,
    record: r.record,
    rules: r.rules ?? [],
    validStatus: r.valid_status,
    conflicts: r.conflicts ?? [],
    confirmedVersionId: r.confirmed_version_id,
    confirmedBy: r.confirmed_by_name,
    confirmedAt: r.confirmed_at,
    decidedVersionId: r.decided_version_id,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
    updatedAt: r.updated_at,
  };
}

export async function getReviewRow(db: Queryable, reportId: number): Promise<ReviewRow | null> {
  const r = await db.query<ReviewDbRow>(`${REVIEW_SELECT} WHERE rv.report_id = $1`, [reportId]);
  return r.rows[0] ? toReview(r.rows[0]) : null;
}

/** Makes the review row if missing and locks it for the transaction (two auditors at once take turns). */
export async function lockReview(tx: Queryable, reportId: number): Promise<ReviewRow> {
  await tx.query('INSERT INTO reviews (report_id) VALUES ($1) ON CONFLICT (report_id) DO NOTHING', [reportId]);
  await tx.query('SELECT 1 FROM reviews WHERE report_id = $1 FOR UPDATE', [reportId]);
  return (await getReviewRow(tx, reportId))!;
}

export interface ReviewedRecord {
  versionId: number;
  record: ReportRecord;
  conflicts: string[];
}

export async function saveReviewedRecord(tx: Queryable, reportId: number, r: ReviewedRecord): Promise<void> {
  await tx.query(
    `UPDATE reviews SET version_id = $2, record = $3::json, rules = $4, valid_status = $5, conflicts = $6, ` +
      `updated_at = now() WHERE report_id = $1`,
    [
      reportId,
      r.versionId,
      JSON.stringify(r.record),
      [...new Set(r.record.validation.issues.map((i) => i.rule))].sort(),
      r.record.validation.status,
      r.conflicts,
    ],
  );
}

export async function setReviewDecision(
  tx: Queryable,
  reportId: number,
  d: { status: ReviewStatus; versionId: number | null; userId: number | null },
): Promise<void> {
  if (d.status === 'in_review') {
    await tx.query(
      `UPDATE reviews SET status = 'in_review', decided_version_id = NULL, updated_at = now() WHERE report_id = $1`,
      [reportId],
    );
  } else {
    await tx.query(
      `UPDATE reviews SET status = $2, decided_version_id = $3, decided_by = $4, decided_at = now(), updated_at = ` +
        `now() WHERE report_id = $1`,
      [reportId, d.status, d.versionId, d.userId],
    );
  }
}

export async function setReviewConfirmed(
  tx: Queryable,
  reportId: number,
  c: { versionId: number; userId: number } | null,
): Promise<void> {
  if (c) {
    await tx.query(
      `UPDATE reviews SET confirmed_version_id = $2, confirmed_by = $3, confirmed_at = now(), updated_at = now() ` +
        `WHERE report_id = $1`,
      [reportId, c.versionId, c.userId],
    );
  } else {
    await tx.query(`UPDATE reviews SET confirmed_version_id = NULL, updated_at = now() WHERE report_id = $1`, [
      reportId,
    ]);
  }
}

/**
 * Reviews computed from a version that is no longer the report's current one (re-extracted
 * since), or from the current one before it was rewritten or re-validated (archive rules).
 */
export async function staleReviews(db: Queryable, limit = 500): Promise<number[]> {
  const r = await db.query<{ report_id: number }>(
    `SELECT rv.report_id FROM reviews rv JOIN reports r ON r.id = rv.report_id JOIN report_versions v ON v.id = ` +
      `r.current_version_id
     WHERE rv.version_id IS DISTINCT FROM r.current_version_id OR rv.updated_at < GREATEST(v.created_at, ` +
      `v.revalidated_at)
     ORDER BY rv.report_id LIMIT $1`,
    [limit],
  );
  return r.rows.map((row) => row.report_id);
}

// --- the decision in force per cell ---------------------------------------------------------------

export interface ReviewCell {
  cellId: string;
  kind: 'corrected' | 'confirmed';
  value: number | null;
  extractedValue: number | null;
  extractedPresent: boolean;
  extractedVersionId: number;
  reason: string;
  userId: number;
  userName: string;
  auditId: number;
  createdAt: Date;
}

interface ReviewCellRow {
  cell_id: string;
  kind: 'corrected' | 'confirmed';
  value: number | null;
  extracted_value: number | null;
  extracted_present: boolean;
  extracted_version_id: number;
  reason: string;
  user_id: number;
  user_name: string;
  audit_id: number;
  created_at: Date;
}

function reviewCellOf(c: ReviewCellRow): ReviewCell {
  return {
    cellId: c.cell_id,
    kind: c.kind,
    value: c.value,
    extractedValue: c.extracted_value,
    extractedPresent: c.extracted_present,
    extractedVersionId: c.extracted_version_id,
    reason: c.reason,
    userId: c.user_id,
    userName: c.user_name,
    auditId: c.audit_id,
    createdAt: c.created_at,
  };
}

export async function listReviewCells(db: Queryable, reportId: number): Promise<ReviewCell[]> {
  const r = await db.query<ReviewCellRow>(
    `SELECT c.cell_id, c.kind, c.value, c.extracted_value, c.extracted_present, c.extracted_version_id, c.reason, ` +
      `c.user_id,
       u.name AS user_name, c.audit_id, c.created_at
     FROM review_cells c JOIN users u ON u.id = c.user_id WHERE c.report_id = $1 ORDER BY c.cell_id`,
    [reportId],
  );
  return r.rows.map(reviewCellOf);
}

export interface NewReviewCell {
  cellId: string;
  kind: 'corrected' | 'confirmed';
  value: number | null;
  extractedValue: number | null;
  extractedPresent: boolean;
  extractedVersionId: number;
  reason: string;
  userId: number;
  auditId: number;
}

export async function putReviewCell(tx: Queryable, reportId: number, c: NewReviewCell): Promise<void> {
  await tx.query(
    `INSERT INTO review_cells (report_id, cell_id, kind, value, extracted_value, extracted_present, ` +
      `extracted_version_id, reason, user_id, audit_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (report_id, cell_id) DO UPDATE SET kind = EXCLUDED.kind, value = EXCLUDED.value, extracted_value = ` +
      `EXCLUDED.extracted_value,
       extracted_present = EXCLUDED.extracted_present, extracted_version_id = EXCLUDED.extracted_version_id, reason ` +
      `= EXCLUDED.reason,
       user_id = EXCLUDED.user_id, audit_id = EXCLUDED.audit_id, created_at = now()`,
    [
      reportId,
      c.cellId,
      c.kind,
      c.value,
      c.extractedValue,
      c.extractedPresent,
      c.extractedVersionId,
      c.reason,
      c.userId,
      c.auditId,
    ],
  );
}

/** The human decision stays; the extraction it was made against becomes this version's. */
export async function rebaseReviewCell(
  tx: Queryable,
  reportId: number,
  cellId: string,
  e: { value: number | null; present: boolean; versionId: number },
): Promise<void> {
  await tx.query(
    `UPDATE review_cells SET extracted_value = $3, extracted_present = $4, extracted_version_id = $5 WHERE report_id ` +
      `= $1 AND cell_id = $2`,
    [reportId, cellId, e.value, e.present, e.versionId],
  );
}

export async function dropReviewCell(tx: Queryable, reportId: number, cellId: string): Promise<void> {
  await tx.query('DELETE FROM review_cells WHERE report_id = $1 AND cell_id = $2', [reportId, cellId]);
}

// --- the audit trail ----------------------------------------------------------------------------

export const AUDIT_ACTIONS = [
  'correct',
  'confirm_cell',
  'confirm_report',
  'approve',
  'reject',
  'reopen',
  'keep_correction',
  'take_extraction',
  'reprocess',
  'reprocess_bulk',
  'user_add',
  'user_role',
  'user_disable',
  'user_enable',
  'user_password',
  'token_revoke',
  'agency_merge',
  'agency_split',
  'user_language',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface NewAuditEntry {
  userName: string;
  userId: number | null;
  reportId?: number | null;
  action: AuditAction;
  cellId?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
  versionId?: number | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditEntry extends Required<Omit<NewAuditEntry, 'detail'>> {
  id: number;
  at: Date;
  detail: Record<string, unknown> | null;
}

/** Appends an entry; returns its id. (The table refuses UPDATE and DELETE: see migration 002.) */
export async function appendAudit(tx: Queryable, e: NewAuditEntry): Promise<number> {
  const r = await tx.query<{ id: number }>(
    `INSERT INTO audit_log (user_name, user_id, report_id, action, cell_id, old_value, new_value, reason, ` +
      `version_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING id`,
    [
      e.userName,
      e.userId,
      e.reportId ?? null,
      e.action,
      e.cellId ?? null,
      e.oldValue ?? null,
      e.newValue ?? null,
      e.reason ?? null,
      e.versionId ?? null,
      e.detail ? JSON.stringify(e.detail) : null,
    ],
  );
  return r.rows[0]!.id;
}

interface AuditRow {
  id: number;
  at: Date;
  user_name: string;
  user_id: number | null;
  report_id: number | null;
  action: AuditAction;
  cell_id: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  version_id: number | null;
  detail: Record<string, unknown> | null;
}

const toAudit = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  userName: r.user_name,
  userId: r.user_id,
  reportId: r.report_id,
  action: r.action,
  cellId: r.cell_id,
  oldValue: r.old_value,
  newValue: r.new_value,
  reason: r.reason,
  versionId: r.version_id,
  detail: r.detail,
});

/** A report's trail, newest first; or, with reportId null, the entries not about one report (users, bulk runs). */
export async function listAudit(db: Queryable, reportId: number | null, limit = 500): Promise<AuditEntry[]> {
  const r = await db.query<AuditRow>(
    `SELECT id, at, user_name, user_id, report_id, action, cell_id, old_value, new_value, reason, version_id, detail ` +
      `FROM audit_log
     WHERE ${reportId === null ? 'report_id IS NULL' : 'report_id = $1'} ORDER BY id DESC LIMIT ` +
      `${reportId === null ? '$1' : '$2'}`,
    reportId === null ? [limit] : [reportId, limit],
  );
  return r.rows.map(toAudit);
}

// --- the queue ------------------------------------------------------------------------------------

/** Where a report stands for a reviewer: the extraction's states, then the review's. */
export type QueueStatus = ReportStatus | 'in_review' | 'approved' | 'rejected';
export const QUEUE_STATUSES: readonly QueueStatus[] = [
  'flagged',
  'in_review',
  'approved',
  'rejected',
  'passed',
  'queued',
  'processing',
  'failed',
];

export interface QueueFilter {
  year?: number;
  agency?: string;
  rule?: string;
  era?: string;
  /** text: reports with cells read from a text layer; ocr: with OCR-read pages. */
  source?: 'text' | 'ocr';
  status?: QueueStatus;
  /** Failed reports whose failure is of this kind. */
  failure?: FailureKind;
}

export interface QueueItem {
  id: number;
  fileName: string;
  reportStatus: ReportStatus;
  status: QueueStatus;
  agency: string | null;
  year: number | null;
  era: string | null;
  pages: number | null;
  run: number;
  error: string | null;
  errorKind: FailureKind | null;
  rules: string[];
  textLayer: 'full' | 'partial' | 'none' | null;
  conflicts: number;
  decidedBy: string | null;
  updatedAt: Date;
}

/** The report list with the review's view of it: status, rules after corrections, source. */
const QUEUE_CTE =
  `WITH q AS (
  SELECT r.id, r.file_name, r.status AS report_status, r.agency, r.agency_key, r.year, r.era, r.pages, r.run, ` +
  `r.error, r.error_kind, r.current_version_id,
    GREATEST(r.updated_at, rv.updated_at) AS updated_at,
    CASE WHEN rv.version_id IS NOT NULL AND rv.version_id = r.current_version_id THEN rv.rules ELSE r.rules END AS ` +
  `rules,
    (v.record -> 'source' ->> 'textLayer') AS text_layer,
    CASE WHEN rv.version_id = r.current_version_id THEN cardinality(rv.conflicts) ELSE 0 END AS conflicts,
    du.name AS decided_by, rv.decided_at, rv.record AS review_record,
    CASE
      WHEN r.status IN ('queued', 'processing', 'failed') THEN r.status
      WHEN rv.report_id IS NULL THEN r.status
      WHEN rv.status IN ('approved', 'rejected') AND rv.decided_version_id = r.current_version_id THEN rv.status
      ELSE 'in_review'
    END AS status
  FROM reports r
  LEFT JOIN report_versions v ON v.id = r.current_version_id
  LEFT JOIN reviews rv ON rv.report_id = r.id
  LEFT JOIN users du ON du.id = rv.decided_by
)`;

const STATUS_ORDER =
  `CASE status WHEN 'flagged' THEN 0 WHEN 'in_review' THEN 1 WHEN 'processing' THEN 2 WHEN ` +
  `'queued' THEN 3
  WHEN 'failed' THEN 4 WHEN 'passed' THEN 5 WHEN 'approved' THEN 6 ELSE 7 END`;

function whereOf(filter: QueueFilter, params: unknown[], skip: 'rule' | 'status' | null = null): string {
  const where: string[] = [];
  const add = (clause: (p: string) => string, value: unknown): void => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.year !== undefined) add((p) => `year = ${p}`, filter.year);
  if (filter.agency) add((p) => `strpos(agency_key, ${p}) > 0`, agencyKey(filter.agency) ?? '');
  if (filter.rule && skip !== 'rule') add((p) => `${p} = ANY (rules)`, filter.rule);
  if (filter.era) add((p) => `era = ${p}`, filter.era);
  if (filter.source === 'text') where.push(`text_layer IN ('full', 'partial')`);
  if (filter.source === 'ocr') where.push(`text_layer IN ('none', 'partial')`);
  if (filter.status && skip !== 'status') add((p) => `status = ${p}`, filter.status);
  if (filter.failure) add((p) => `error_kind = ${p}`, filter.failure);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

interface QueueRow {
  id: number;
  file_name: string;
  report_status: ReportStatus;
  status: QueueStatus;
  agency: string | null;
  year: number | null;
  era: string | null;
  pages: number | null;
  run: number;
  error: string | null;
  error_kind: FailureKind | null;
  rules: string[] | null;
  text_layer: 'full' | 'partial' | 'none' | null;
  conflicts: number;
  decided_by: string | null;
  updated_at: Date;
}

export async function listQueue(
  db: Queryable,
  filter: QueueFilter,
  page: { limit: number; offset: number },
): Promise<{ items: QueueItem[]; total: number }> {
  const params: unknown[] = [];
  const where = whereOf(filter, params);
  const total = await db.query<{ n: number }>(`${QUEUE_CTE} SELECT count(*)::int AS n FROM q ${where}`, params);
  const r = await db.query<QueueRow>(
    `${QUEUE_CTE} SELECT id, file_name, report_status, status, agency, year, era, pages, run, error, error_kind, ` +
      `rules, text_layer, conflicts, decided_by, updated_at
     FROM q ${where} ORDER BY ${STATUS_ORDER}, year DESC NULLS LAST, id LIMIT ${Math.max(1, Math.floor(page.limit))} ` +
      `OFFSET ${Math.max(0, Math.floor(page.offset))}`,
    params,
  );
  return {
    total: total.rows[0]?.n ?? 0,
    items: r.rows.map((row) => ({
      id: row.id,
      fileName: row.file_name,
      reportStatus: row.report_status,
      status: row.status,
      agency: row.agency,
      year: row.year,
      era: row.era,
      pages: row.pages,
      run: row.run,
      error: row.error,
      errorKind: row.error_kind,
      rules: row.rules ?? [],
      textLayer: row.text_layer,
      conflicts: row.conflicts,
      decidedBy: row.decided_by,
      updatedAt: row.updated_at,
    })),
  };
}

/** How many reports (under the other filters) break each rule, and are in each status. */
export async function queueCounts(
  db: Queryable,
  filter: QueueFilter,
): Promise<{ rules: Map<string, number>; statuses: Map<QueueStatus, number> }> {
  const p1: unknown[] = [];
  const rules = await db.query<{ rule: string; n: number }>(
    `${QUEUE_CTE} SELECT rule, count(*)::int AS n FROM q CROSS JOIN LATERAL unnest(rules) AS rule ` +
      `${whereOf(filter, p1, 'rule')} GROUP BY rule ORDER BY rule`,
    p1,
  );
  const p2: unknown[] = [];
  const statuses = await db.query<{ status: QueueStatus; n: number }>(
    `${QUEUE_CTE} SELECT status, count(*)::int AS n FROM q ${whereOf(filter, p2, 'status')} GROUP BY status`,
    p2,
  );
  return {
    rules: new Map(rules.rows.map((r) => [r.rule, r.n])),
    statuses: new Map(statuses.rows.map((r) => [r.status, r.n])),
  };
}

/** Values for the filter drop-downs. */
export async function queueFacets(db: Queryable): Promise<{ years: number[]; eras: string[] }> {
  const years = await db.query<{ year: number }>(
    'SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY year DESC',
  );
  const eras = await db.query<{ era: string }>('SELECT DISTINCT era FROM reports WHERE era IS NOT NULL ORDER BY era');
  return { years: years.rows.map((r) => r.year), eras: eras.rows.map((r) => r.era) };
}

// --- exports --------------------------------------------------------------------------------------

export interface ApprovedReport {
  id: number;
  fileName: string;
  agency: string | null;
  year: number | null;
  era: string | null;
  record: ReportRecord;
  approvedBy: string | null;
  approvedAt: Date | null;
}

/** Approved reports (approved for their current version) under the queue's filters, by id. */
export async function approvedReports(db: Queryable, filter: Omit<QueueFilter, 'status'>): Promise<ApprovedReport[]> {
  const params: unknown[] = [];
  const where = whereOf({ ...filter, status: 'approved' }, params);
  const r = await db.query<{
    id: number;
    file_name: string;
    agency: string | null;
    year: number | null;
    era: string | null;
    review_record: ReportRecord | null;
    decided_by: string | null;
    decided_at: Date | null;
  }>(
    `${QUEUE_CTE} SELECT id, file_name, agency, year, era, review_record, decided_by, decided_at FROM q ${where} ` +
      `ORDER BY id`,
    params,
  );
  return r.rows
    .filter((row) => row.review_record !== null)
    .map((row) => ({
      id: row.id,
      fileName: row.file_name,
      agency: row.agency,
      year: row.year,
      era: row.era,
      record: row.review_record!,
      approvedBy: row.decided_by,
      approvedAt: row.decided_at,
    }));
}

/** The decisions in force of several reports (for the exports): report id → cell id → decision. */
export async function reviewCellsOf(
  db: Queryable,
  reportIds: readonly number[],
): Promise<Map<number, Map<string, ReviewCell>>> {
  const out = new Map<number, Map<string, ReviewCell>>();
  if (reportIds.length === 0) return out;
  const r = await db.query<ReviewCellRow & { report_id: number }>(
    `SELECT c.report_id, c.cell_id, c.kind, c.value, c.extracted_value, c.extracted_present, c.extracted_version_id, ` +
      `c.reason, c.user_id,
       u.name AS user_name, c.audit_id, c.created_at
     FROM review_cells c JOIN users u ON u.id = c.user_id WHERE c.report_id = ANY ($1::int[])`,
    [[...reportIds]],
  );
  for (const c of r.rows) {
    const m = out.get(c.report_id) ?? new Map<string, ReviewCell>();
    m.set(c.cell_id, reviewCellOf(c));
    out.set(c.report_id, m);
  }
  return out;
}
