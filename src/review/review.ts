/**
 * The review of a report: what the auditors' decisions do to its record.
 *
 * - The extraction's versions are never changed. The review keeps, per cell, the human decision
 *   in force (review_cells: a corrected value with its reason, or the printed value confirmed),
 *   and the *reviewed record*: the current version's record with those decisions applied and
 *   validation run again (revalidateRecord, with the archive's previous year as the service
 *   does), so a correction shows its effect on the rules at once.
 * - A cell a person has checked counts as read with certainty: its confidence becomes 1 (so
 *   extraction.confidence no longer flags it); its source stays as it was read.
 * - A re-extraction never overwrites a decision silently. Each decision remembers what the
 *   extraction read when it was made; when a later version reads something else (and not the
 *   human value), the cell is a *conflict*: the human value stays in force, the page shows both,
 *   and the report cannot be approved until an auditor keeps the decision or takes the new value.
 * - Approve and reject are decisions on one version: when the report is re-extracted the
 *   decision lapses (the report is in review again). "Confirmed as printed" likewise, and any
 *   change of a value clears it.
 * - Every action appends to the audit trail in the same transaction as its effect.
 */
import { revalidateRecord } from '../validate/index.js';
import { validCellIds } from '../schema/cells.js';
import type { Cell, ReportRecord } from '../schema/record.js';
import type { Db, Queryable } from '../store/db.js';
import {
  appendAudit,
  dropReviewCell,
  getReviewRow,
  listAudit,
  listReviewCells,
  lockReview,
  putReviewCell,
  rebaseReviewCell,
  saveReviewedRecord,
  setReviewConfirmed,
  setReviewDecision,
  staleReviews,
  type AuditEntry,
  type QueueStatus,
  type ReviewCell,
  type ReviewRow,
} from '../store/review.js';
import { getReport, getVersion, type Report, type ReportVersion } from '../store/reports.js';
import { roleAtLeast, type Role } from '../store/users.js';
import { findPrevious } from '../service/archive.js';
import { RefusedError, type RefusalKind } from '../service/errors.js';

export interface ReviewContext {
  /** OCR values below this raise extraction.confidence (the service's setting). */
  minConfidence: number;
}

export interface Actor {
  id: number;
  name: string;
  role: Role;
}

/** A refused review action, with the kind of refusal (the web says it as a status code). */
export class ReviewError extends RefusedError {
  constructor(kind: RefusalKind, message: string) {
    super(kind, message);
    this.name = 'ReviewError';
  }
}

// --- reasons and values ---------------------------------------------------------------------------

/** Why a value was corrected: the form's choices (the note is required for "other"). */
export const CORRECTION_REASONS = {
  'as-printed': 'as printed (the extraction misread it)',
  'ocr-misread': 'OCR misread',
  'wrong-cell': 'extraction put it in the wrong cell',
  'printed-error-agency': 'printed error, corrected by agency',
  'printed-error-evident': 'printed error, evident from the other figures',
  other: 'other (see note)',
} as const;
export type CorrectionReason = keyof typeof CORRECTION_REASONS;

export function isCorrectionReason(v: unknown): v is CorrectionReason {
  return typeof v === 'string' && Object.hasOwn(CORRECTION_REASONS, v);
}

export const MAX_NOTE = 500;

/**
 * A value as a person types it: 12, -3, 7730.28, ＋7 (full-width), 1,234; empty, —, 无: a printed
 * blank (null). Anything else is refused (undefined).
 */
export function parseValueInput(input: string): number | null | undefined {
  const s = input.normalize('NFKC').trim().replace(/[\s,]/g, '');
  if (s === '' || s === '—' || s === '-' || s === '–' || s === '无') return null;
  if (!/^[+-]?\d+(\.\d+)?$/.test(s) || s.length > 20) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A value as the audit trail and the pages show it. */
export function formatValue(v: number | null | undefined): string {
  if (v === undefined) return '(not read)';
  if (v === null) return '(blank)';
  return String(v);
}

const auditValue = (v: number | null | undefined): string | null =>
  v === undefined ? null : v === null ? '' : String(v);

/** The value a form showed, as it sends it back (so a change made meanwhile by someone else is noticed). */
export function seenToken(v: number | null | undefined): string {
  return v === undefined ? 'absent' : v === null ? 'blank' : String(v);
}

// --- the reviewed record --------------------------------------------------------------------------

export interface Conflict {
  cellId: string;
  kind: ReviewCell['kind'];
  /** The value in force (the human's). */
  humanValue: number | null;
  /** What the extraction read when the decision was made (undefined: not read). */
  extractedThen: number | null | undefined;
  /** What the current version reads. */
  extractedNow: number | null | undefined;
  decidedBy: string;
}

const extractedOf = (record: ReportRecord, cellId: string): number | null | undefined =>
  cellId in record.cells ? record.cells[cellId]!.value : undefined;

/**
 * Decisions made against an older version whose cell the current version reads differently (and not as the human
 * value).
 */
export function conflictsOf(version: ReportVersion, decisions: readonly ReviewCell[]): Conflict[] {
  const out: Conflict[] = [];
  for (const d of decisions) {
    // By value, not by version id: a version can also be rewritten in place (a retried store step).
    const now = extractedOf(version.record, d.cellId);
    const then = d.extractedPresent ? d.extractedValue : undefined;
    if (now === then || now === d.value) continue;
    out.push({
      cellId: d.cellId,
      kind: d.kind,
      humanValue: d.value,
      extractedThen: then,
      extractedNow: now,
      decidedBy: d.userName,
    });
  }
  return out;
}

/** A page for a cell the extraction did not read: the page most cells of its table are on. */
function pageForMissing(record: ReportRecord, cellId: string): number {
  const table = cellId.split('.')[0];
  const counts = new Map<number, number>();
  for (const [id, c] of Object.entries(record.cells))
    if (id.split('.')[0] === table) counts.set(c.page, (counts.get(c.page) ?? 0) + 1);
  let best = 1;
  let n = 0;
  for (const [page, k] of counts) if (k > n) [best, n] = [page, k];
  return best;
}

/** The version's record with the decisions applied (values, confidence 1), validation not yet re-run. */
export function applyDecisions(record: ReportRecord, decisions: readonly ReviewCell[]): ReportRecord {
  const cells: Record<string, Cell> = { ...record.cells };
  for (const d of decisions) {
    const c = cells[d.cellId];
    if (c) cells[d.cellId] = { ...c, value: d.value, confidence: 1 };
    else if (d.kind === 'corrected') {
      // Added by hand: no box to draw (zero size), raw empty.
      cells[d.cellId] = {
        value: d.value,
        page: pageForMissing(record, d.cellId),
        bbox: [0, 0, 0, 0],
        source: 'text',
        confidence: 1,
        raw: '',
      };
    }
  }
  return { ...record, cells };
}

export async function computeReviewed(
  db: Queryable,
  reportId: number,
  version: ReportVersion,
  decisions: readonly ReviewCell[],
  ctx: ReviewContext,
): Promise<{ record: ReportRecord; conflicts: Conflict[] }> {
  const applied = applyDecisions(version.record, decisions);
  const previous = await findPrevious(db, reportId, applied);
  const record = revalidateRecord(
    applied,
    { text: version.text, previous },
    { confidenceThreshold: ctx.minConfidence },
  );
  return { record, conflicts: conflictsOf(version, decisions) };
}

// --- the state of a review ------------------------------------------------------------------------

export interface ReviewState {
  report: Report;
  version: ReportVersion | null;
  review: ReviewRow | null;
  /** The record as reviewed (the version's own when nobody has acted yet); null before the first version. */
  record: ReportRecord | null;
  decisions: Map<string, ReviewCell>;
  conflicts: Conflict[];
  status: QueueStatus;
  /** Confirmed as printed, for the current version. */
  confirmed: boolean;
  /** Why approving is not possible now (null: it is). */
  approveBlocked: string | null;
  audit: AuditEntry[];
}

function statusOf(report: Report, review: ReviewRow | null): QueueStatus {
  if (report.status === 'queued' || report.status === 'processing' || report.status === 'failed') return report.status;
  if (!review) return report.status;
  if (
    (review.status === 'approved' || review.status === 'rejected') &&
    review.decidedVersionId === report.currentVersionId
  )
    return review.status;
  return 'in_review';
}

function approveBlockedOf(
  report: Report,
  version: ReportVersion | null,
  record: ReportRecord | null,
  review: ReviewRow | null,
  conflicts: readonly Conflict[],
): string | null {
  if (!version || !record) return 'nothing extracted yet';
  if (report.status === 'queued' || report.status === 'processing')
    return 'the report is being extracted again: wait for the new version';
  if (review?.status === 'approved' && review.decidedVersionId === version.id) return 'approved already';
  if (conflicts.length > 0)
    return `${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''} with the re-extraction to settle first`;
  const errors = record.validation.issues.filter((i) => i.severity === 'error');
  const confirmed = review?.confirmedVersionId === version.id;
  if (errors.length > 0 && !confirmed)
    return (
      `${errors.length} broken rule${errors.length > 1 ? 's' : ''}: correct the values, or confirm the report ` +
      `as printed`
    );
  return null;
}

/**
 * Brings a review computed from an older version up to the current one (after a re-extraction):
 * decisions re-applied, conflicts found, a lapsed approval or rejection back in review.
 */
/** The version changed since the review was computed: another version, or this one rewritten or re-validated since. */
function staleFor(review: ReviewRow, version: Pick<ReportVersion, 'id' | 'createdAt' | 'revalidatedAt'>): boolean {
  if (review.versionId !== version.id) return true;
  const changed = Math.max(version.createdAt.getTime(), version.revalidatedAt?.getTime() ?? 0);
  return review.updatedAt.getTime() < changed;
}

async function refreshInTx(tx: Queryable, report: Report, ctx: ReviewContext): Promise<void> {
  if (report.currentVersionId === null) return;
  const review = await getReviewRow(tx, report.id);
  if (!review) return;
  const version = await getVersion(tx, report.currentVersionId);
  if (!version || !staleFor(review, version)) return;
  await lockReview(tx, report.id);
  const decisions = await listReviewCells(tx, report.id);
  const { record, conflicts } = await computeReviewed(tx, report.id, version, decisions, ctx);
  await saveReviewedRecord(tx, report.id, { versionId: version.id, record, conflicts: conflicts.map((c) => c.cellId) });
  // A decision was about the version as it was then.
  const decidedOnThis =
    review.decidedVersionId === version.id &&
    review.decidedAt !== null &&
    review.decidedAt.getTime() >= version.createdAt.getTime();
  if (review.status !== 'in_review' && !decidedOnThis)
    await setReviewDecision(tx, report.id, { status: 'in_review', versionId: null, userId: null });
}

export async function refreshReview(db: Db, reportId: number, ctx: ReviewContext): Promise<void> {
  const report = await getReport(db, reportId);
  if (!report || report.currentVersionId === null) return;
  const review = await getReviewRow(db, reportId);
  if (!review) return;
  const version = await getVersion(db, report.currentVersionId);
  if (!version || !staleFor(review, version)) return;
  await db.transaction(async (tx) => {
    const fresh = await getReport(tx, reportId);
    if (fresh) await refreshInTx(tx, fresh, ctx);
  });
}

/** Refreshes every review whose report was re-extracted since (the queue and the exports call this first). */
export async function refreshStaleReviews(db: Db, ctx: ReviewContext): Promise<number> {
  const ids = await staleReviews(db);
  for (const id of ids) await refreshReview(db, id, ctx);
  return ids.length;
}

export async function loadReviewState(db: Db, reportId: number, ctx: ReviewContext): Promise<ReviewState | null> {
  await refreshReview(db, reportId, ctx);
  const report = await getReport(db, reportId);
  if (!report) return null;
  const version = report.currentVersionId !== null ? await getVersion(db, report.currentVersionId) : null;
  const review = await getReviewRow(db, reportId);
  const decisionList = await listReviewCells(db, reportId);
  const reviewed =
    review && version && review.versionId === version.id && review.record ? review.record : (version?.record ?? null);
  const conflicts = version ? conflictsOf(version, decisionList) : [];
  return {
    report,
    version,
    review,
    record: reviewed,
    decisions: new Map(decisionList.map((d) => [d.cellId, d])),
    conflicts,
    status: statusOf(report, review),
    confirmed: !!version && review?.confirmedVersionId === version.id,
    approveBlocked: approveBlockedOf(report, version, reviewed, review, conflicts),
    audit: await listAudit(db, reportId),
  };
}

// --- actions ----------------------------------------------------------------------------------

interface Acting {
  tx: Queryable;
  report: Report;
  version: ReportVersion;
  review: ReviewRow;
  decisions: ReviewCell[];
  /** The reviewed record before this action. */
  record: ReportRecord;
  conflicts: Conflict[];
}

/**
 * Runs an action in one transaction on the locked review, with the review brought up to the
 * current version; afterwards the reviewed record is computed again (the rules re-run).
 */
async function act<T>(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  needs: Role,
  fn: (a: Acting) => Promise<T>,
): Promise<T> {
  if (!roleAtLeast(actor.role, needs)) throw new ReviewError('forbidden', `this needs the ${needs} role`);
  return db.transaction(async (tx) => {
    const report = await getReport(tx, reportId);
    if (!report) throw new ReviewError('not-found', `no report ${reportId}`);
    if (report.currentVersionId === null) throw new ReviewError('conflict', 'nothing extracted yet');
    const version = await getVersion(tx, report.currentVersionId);
    if (!version) throw new ReviewError('conflict', 'nothing extracted yet');
    await lockReview(tx, reportId);
    await refreshInTx(tx, report, ctx);
    let review = (await getReviewRow(tx, reportId))!;
    let decisions = await listReviewCells(tx, reportId);
    if (staleFor(review, version) || !review.record) {
      const first = await computeReviewed(tx, reportId, version, decisions, ctx);
      await saveReviewedRecord(tx, reportId, {
        versionId: version.id,
        record: first.record,
        conflicts: first.conflicts.map((c) => c.cellId),
      });
      review = (await getReviewRow(tx, reportId))!;
    }
    const result = await fn({
      tx,
      report,
      version,
      review,
      decisions,
      record: review.record!,
      conflicts: conflictsOf(version, decisions),
    });
    decisions = await listReviewCells(tx, reportId);
    const after = await computeReviewed(tx, reportId, version, decisions, ctx);
    await saveReviewedRecord(tx, reportId, {
      versionId: version.id,
      record: after.record,
      conflicts: after.conflicts.map((c) => c.cellId),
    });
    return result;
  });
}

function decided(a: Acting): 'approved' | 'rejected' | null {
  return a.review.status !== 'in_review' && a.review.decidedVersionId === a.version.id ? a.review.status : null;
}

function requireOpen(a: Acting): void {
  const d = decided(a);
  if (d) throw new ReviewError('conflict', `the report is ${d}: reopen it first`);
}

/** The form was made from this version and showed this value: refuse when either changed since. */
function requireSeen(a: Acting, seen: { versionId?: number; value?: string }, cellId?: string): void {
  if (seen.versionId !== undefined && seen.versionId !== a.version.id) {
    throw new ReviewError(
      'conflict',
      'the report was extracted again since this page was loaded: reload it and look again',
    );
  }
  if (cellId && seen.value !== undefined && seen.value !== seenToken(extractedOf(a.record, cellId))) {
    throw new ReviewError('conflict', `${cellId} was changed by someone else since this page was loaded: reload it`);
  }
}

function checkCell(a: Acting, cellId: string): void {
  const era = a.version.record.meta.era;
  if (!era || !validCellIds(era).has(cellId))
    throw new ReviewError('invalid', `${cellId} is not a cell of this report's template`);
}

function cleanNote(note: string | undefined): string {
  return (
    (note ?? '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim()
      .slice(0, MAX_NOTE)
  );
}

export interface CorrectInput {
  cellId: string;
  value: number | null;
  reason: CorrectionReason;
  note?: string;
  /** What the form showed: the version id and the value (as the audit writes it). */
  seen?: { versionId?: number; value?: string };
}

export async function correctCell(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  input: CorrectInput,
): Promise<void> {
  await act(db, ctx, reportId, actor, 'auditor', async (a) => {
    checkCell(a, input.cellId);
    requireOpen(a);
    requireSeen(a, input.seen ?? {}, input.cellId);
    const note = cleanNote(input.note);
    if (input.reason === 'other' && note === '')
      throw new ReviewError('invalid', 'say why in the note (reason "other")');
    const old = extractedOf(a.record, input.cellId);
    if (old === input.value)
      throw new ReviewError('invalid', `${input.cellId} is ${formatValue(old)} already: to accept it, confirm it`);
    const reason = note ? `${CORRECTION_REASONS[input.reason]} — ${note}` : CORRECTION_REASONS[input.reason];
    const auditId = await appendAudit(a.tx, {
      userName: actor.name,
      userId: actor.id,
      reportId,
      action: 'correct',
      cellId: input.cellId,
      oldValue: auditValue(old),
      newValue: auditValue(input.value),
      reason,
      versionId: a.version.id,
      detail: {
        reasonKey: input.reason,
        ...(note ? { note } : {}),
        extracted: auditValue(extractedOf(a.version.record, input.cellId)),
      },
    });
    const extracted = extractedOf(a.version.record, input.cellId);
    await putReviewCell(a.tx, reportId, {
      cellId: input.cellId,
      kind: 'corrected',
      value: input.value,
      extractedValue: extracted ?? null,
      extractedPresent: extracted !== undefined,
      extractedVersionId: a.version.id,
      reason,
      userId: actor.id,
      auditId,
    });
    // A changed value: a confirmation "as printed" was about the values before.
    if (a.review.confirmedVersionId !== null) await setReviewConfirmed(a.tx, reportId, null);
  });
}

/** Accepts a cell's value as printed (the common keyboard path: next flagged cell, accept). */
export async function confirmCell(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  input: { cellId: string; note?: string; seen?: { versionId?: number; value?: string } },
): Promise<void> {
  await act(db, ctx, reportId, actor, 'auditor', async (a) => {
    checkCell(a, input.cellId);
    requireOpen(a);
    requireSeen(a, input.seen ?? {}, input.cellId);
    const current = extractedOf(a.record, input.cellId);
    if (current === undefined)
      throw new ReviewError('invalid', `${input.cellId} was not read: correct it to give it a value`);
    const existing = a.decisions.find((d) => d.cellId === input.cellId);
    if (existing?.kind === 'corrected')
      throw new ReviewError(
        'conflict',
        `${input.cellId} was corrected by ${existing.userName}: correct it again to change it`,
      );
    if (existing?.kind === 'confirmed' && existing.extractedVersionId === a.version.id)
      throw new ReviewError('conflict', `${input.cellId} is confirmed already`);
    const note = cleanNote(input.note);
    const reason = note ? `accepted as printed — ${note}` : 'accepted as printed';
    const auditId = await appendAudit(a.tx, {
      userName: actor.name,
      userId: actor.id,
      reportId,
      action: 'confirm_cell',
      cellId: input.cellId,
      oldValue: auditValue(current),
      newValue: auditValue(current),
      reason,
      versionId: a.version.id,
    });
    const extracted = extractedOf(a.version.record, input.cellId);
    await putReviewCell(a.tx, reportId, {
      cellId: input.cellId,
      kind: 'confirmed',
      value: current,
      extractedValue: extracted ?? null,
      extractedPresent: extracted !== undefined,
      extractedVersionId: a.version.id,
      reason,
      userId: actor.id,
      auditId,
    });
  });
}

/** The broken rules are how the report is on paper: the values stand as printed. */
export async function confirmReport(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  input: { note?: string; seen?: { versionId?: number } },
): Promise<void> {
  await act(db, ctx, reportId, actor, 'auditor', async (a) => {
    requireOpen(a);
    requireSeen(a, input.seen ?? {});
    const errors = a.record.validation.issues.filter((i) => i.severity === 'error');
    if (errors.length === 0) throw new ReviewError('conflict', 'no rule is broken: there is nothing to confirm');
    if (a.review.confirmedVersionId === a.version.id) throw new ReviewError('conflict', 'confirmed as printed already');
    const note = cleanNote(input.note);
    await appendAudit(a.tx, {
      userName: actor.name,
      userId: actor.id,
      reportId,
      action: 'confirm_report',
      reason: note ? `confirmed as printed — ${note}` : 'confirmed as printed',
      versionId: a.version.id,
      detail: { rules: [...new Set(errors.map((e) => e.rule))] },
    });
    await setReviewConfirmed(a.tx, reportId, { versionId: a.version.id, userId: actor.id });
  });
}

export async function approveReport(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  input: { note?: string; seen?: { versionId?: number } },
): Promise<void> {
  await act(db, ctx, reportId, actor, 'auditor', async (a) => {
    requireSeen(a, input.seen ?? {});
    if (decided(a) === 'rejected') throw new ReviewError('conflict', 'the report is rejected: reopen it first');
    const blocked = approveBlockedOf(a.report, a.version, a.record, a.review, a.conflicts);
    if (blocked) throw new ReviewError('conflict', `cannot approve: ${blocked}`);
    const note = cleanNote(input.note);
    await appendAudit(a.tx, {
      userName: actor.name,
      userId: actor.id,
      reportId,
      action: 'approve',
      reason: note || null,
      versionId: a.version.id,
      detail: {
        corrections: a.decisions.filter((d) => d.kind === 'corrected').length,
        rules: [...new Set(a.record.validation.issues.map((i) => i.rule))],
      },
    });
    await setReviewDecision(a.tx, reportId, { status: 'approved', versionId: a.version.id, userId: actor.id });
  });
}

export async function rejectReport(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  input: { note?: string; seen?: { versionId?: number } },
): Promise<void> {
  await act(db, ctx, reportId, actor, 'auditor', async (a) => {
    requireSeen(a, input.seen ?? {});
    if (decided(a) === 'rejected') throw new ReviewError('conflict', 'rejected already');
    if (decided(a) === 'approved') throw new ReviewError('conflict', 'the report is approved: reopen it first');
    const note = cleanNote(input.note);
    if (note === '') throw new ReviewError('invalid', 'say why the report is rejected');
    await appendAudit(a.tx, {
      userName: actor.name,
      userId: actor.id,
      reportId,
      action: 'reject',
      reason: note,
      versionId: a.version.id,
    });
    await setReviewDecision(a.tx, reportId, { status: 'rejected', versionId: a.version.id, userId: actor.id });
  });
}

export async function reopenReport(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  input: { note?: string },
): Promise<void> {
  await act(db, ctx, reportId, actor, 'auditor', async (a) => {
    const d = decided(a);
    if (!d) throw new ReviewError('conflict', 'the report is not approved or rejected');
    const note = cleanNote(input.note);
    await appendAudit(a.tx, {
      userName: actor.name,
      userId: actor.id,
      reportId,
      action: 'reopen',
      oldValue: d,
      newValue: 'in_review',
      reason: note || null,
      versionId: a.version.id,
    });
    await setReviewDecision(a.tx, reportId, { status: 'in_review', versionId: null, userId: null });
  });
}

/** Settles a conflict: keep the human decision (now against this version), or take what the re-extraction read. */
export async function resolveConflict(
  db: Db,
  ctx: ReviewContext,
  reportId: number,
  actor: Actor,
  input: { cellId: string; keep: boolean; note?: string },
): Promise<void> {
  await act(db, ctx, reportId, actor, 'auditor', async (a) => {
    const conflict = a.conflicts.find((c) => c.cellId === input.cellId);
    if (!conflict) throw new ReviewError('conflict', `${input.cellId} has no conflict to settle`);
    requireOpen(a);
    const note = cleanNote(input.note);
    const extractedNow = extractedOf(a.version.record, input.cellId);
    await appendAudit(a.tx, {
      userName: actor.name,
      userId: actor.id,
      reportId,
      action: input.keep ? 'keep_correction' : 'take_extraction',
      cellId: input.cellId,
      oldValue: auditValue(input.keep ? extractedNow : conflict.humanValue),
      newValue: auditValue(input.keep ? conflict.humanValue : extractedNow),
      reason:
        note ||
        (input.keep
          ? `kept the ${conflict.kind === 'corrected' ? 'correction' : 'confirmed value'} over the re-extraction`
          : 'took the re-extracted value'),
      versionId: a.version.id,
      detail: {
        extractedThen: auditValue(conflict.extractedThen),
        extractedNow: auditValue(extractedNow),
        decidedBy: conflict.decidedBy,
      },
    });
    if (input.keep)
      await rebaseReviewCell(a.tx, reportId, input.cellId, {
        value: extractedNow ?? null,
        present: extractedNow !== undefined,
        versionId: a.version.id,
      });
    else await dropReviewCell(a.tx, reportId, input.cellId);
    if (!input.keep && a.review.confirmedVersionId !== null) await setReviewConfirmed(a.tx, reportId, null);
  });
}

/** Records an admin's re-extraction request in the trail (the caller queues it). */
