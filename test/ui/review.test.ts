/**
 * The review's store and logic on the embedded database and on PostgreSQL (a server of its own,
 * or DATABASE_URL's): decisions, rules re-run, conflicts with a
 * re-extraction, what may be approved, the queue's filters, users and sessions, the exports.
 * No Redis, no browser.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { revalidateRecord } from '../../src/validate/index.js';
import {
  approveReport,
  confirmCell,
  confirmReport,
  correctCell,
  loadReviewState,
  parseValueInput,
  rejectReport,
  reopenReport,
  resolveConflict,
  ReviewError,
  seenToken,
  type Actor,
} from '../../src/review/review.js';
import type { ReportRecord } from '../../src/schema/record.js';
import type { RefusalKind } from '../../src/service/errors.js';
import { openPglite, openPostgres, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import {
  appendAudit,
  approvedReports,
  listAudit,
  listQueue,
  queueCounts,
  reviewCellsOf,
} from '../../src/store/review.js';
import { createReport, getVersion, requestRun, saveVersion } from '../../src/store/reports.js';
import {
  authenticate,
  createSession,
  createUser,
  deleteSession,
  getSession,
  hashPassword,
  setUserDisabled,
  verifyPassword,
  type User,
} from '../../src/store/users.js';
import { csvField } from '../../src/csv.js';
import { approvedCsv, toXlsx } from '../../src/web/ui/exports.js';
import { escapeHtml, html, jsonScript } from '../../src/web/ui/html.js';
import { LoginLimiter, safeNext } from '../../src/web/ui/session.js';
import { pgSchemaUrl, seedPglite } from '../service/helpers/service.js';
import { testPostgresUrl } from '../helpers/postgres.js';
import { BACKENDS, INCONSISTENT_SAMPLE } from './helpers.js';

const ctx = { minConfidence: 0.8 };
const LIMITS = { maxAgeMs: 3_600_000, idleMs: 600_000 };

let extracted: { record: ReportRecord; text: string };
let dir: string;
let db: Db;
let auditor: Actor;
let viewer: Actor;
let reportSeq = 0;

/** A stored report with the sample's record (its own sha256 so each test has a fresh one). */
async function storeReport(record: ReportRecord = extracted.record): Promise<number> {
  reportSeq++;
  const sha = reportSeq.toString(16).padStart(64, '0');
  const { report } = await createReport(db, {
    sha256: sha,
    fileName: `r${reportSeq}.pdf`,
    filePath: `files/${sha.slice(0, 2)}/${sha.slice(2)}.pdf`,
    sizeBytes: 1,
    source: 'other',
  });
  await db.query(`UPDATE reports SET status = 'processing' WHERE id = $1`, [report.id]);
  await saveVersion(db, {
    reportId: report.id,
    run: 1,
    record: { ...record, source: { ...record.source, sha256: sha } },
    text: extracted.text,
  });
  return report.id;
}

/** A re-extraction that reads some cells differently. */
async function reextract(reportId: number, change: (r: ReportRecord) => void): Promise<void> {
  const run = await requestRun(db, reportId);
  const state = await loadReviewState(db, reportId, ctx);
  const record = structuredClone(state!.version!.record);
  change(record);
  await saveVersion(db, {
    reportId,
    run: run!,
    record: revalidateRecord(record, { text: extracted.text }),
    text: extracted.text,
  });
}

const actorOf = (u: User): Actor => ({ id: u.id, name: u.name, role: u.role });

async function refused(p: Promise<unknown>, kind: RefusalKind, message?: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the action should have been refused').toBeInstanceOf(ReviewError);
  expect((err as ReviewError).kind).toBe(kind);
  if (message) expect((err as ReviewError).message).toMatch(message);
}

beforeAll(async () => {
  const x = await extractReport(new Uint8Array(readFileSync(INCONSISTENT_SAMPLE)), {
    fileName: 'hongsibu-justice-2022.pdf',
  });
  extracted = { record: x.record, text: x.text };
}, 120_000);

describe('the sample', () => {
  it('is flagged with the three broken rules the samples README describes', () => {
    const rules = [...new Set(extracted.record.validation.issues.map((i) => i.rule))].sort();
    expect(rules).toEqual(['appeals.total', 'applications.results', 'applications.rowSum']);
    expect(extracted.record.cells['appeals.review.total']!.value).toBe(3);
  });
});

for (const { backend, skip } of BACKENDS)
  describe.skipIf(skip)(`on ${backend}`, () => {
    let close: () => Promise<void> = async () => undefined;

    beforeAll(async () => {
      if (backend === 'PGlite') {
        dir = await mkdtemp(join(tmpdir(), 'nianbao-review-'));
        await seedPglite(dir);
        db = await openPglite(join(dir, 'db'));
        close = async () => {
          await db.close();
          await rm(dir, { recursive: true, force: true });
        };
      } else {
        const server = (await testPostgresUrl())!;
        const schema = await pgSchemaUrl(server.url);
        db = await openPostgres(schema.url);
        await migrate(db);
        close = async () => {
          await db.close();
          await schema.drop();
          await server.close();
        };
      }
      auditor = actorOf(await createUser(db, { name: 'alice', role: 'auditor', password: 'a long enough password' }));
      viewer = actorOf(await createUser(db, { name: 'victor', role: 'viewer', password: 'a long enough password' }));
    }, 120_000);

    afterAll(async () => {
      await close();
    });

    describe('audit trail', () => {
      it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
        const id = await appendAudit(db, { userName: 'alice', userId: auditor.id, action: 'reopen', reason: 'test' });
        for (const sql of [
          `UPDATE audit_log SET reason = 'changed' WHERE id = ${id}`,
          `DELETE FROM audit_log WHERE id = ${id}`,
          'TRUNCATE audit_log',
        ]) {
          await expect(db.query(sql), sql).rejects.toThrow(/append-only/);
        }
        const row = await db.query<{ reason: string }>('SELECT reason FROM audit_log WHERE id = $1', [id]);
        expect(row.rows[0]!.reason).toBe('test');
      });
    });

    describe('corrections', () => {
      it('re-runs the rules at once, keeps the extraction as it was, and writes who, when, what and why', async () => {
        const id = await storeReport();
        const before = await loadReviewState(db, id, ctx);
        expect(before!.status).toBe('flagged');
        await correctCell(db, ctx, id, auditor, {
          cellId: 'appeals.review.total',
          value: 4,
          reason: 'printed-error-evident',
          note: '2 + 1 + 0 + 1',
          seen: { versionId: before!.version!.id, value: seenToken(3) },
        });
        const after = (await loadReviewState(db, id, ctx))!;
        expect(after.record!.cells['appeals.review.total']).toMatchObject({
          value: 4,
          confidence: 1,
          source: 'text',
          raw: '3',
        });
        expect(after.record!.validation.issues.map((i) => i.rule)).not.toContain('appeals.total');
        expect(after.record!.validation.issues.map((i) => i.rule)).toContain('applications.rowSum');
        expect(after.status).toBe('in_review');
        // The stored extraction is untouched.
        expect((await getVersion(db, after.version!.id))!.record.cells['appeals.review.total']!.value).toBe(3);
        const [entry] = after.audit;
        expect(entry).toMatchObject({
          action: 'correct',
          userName: 'alice',
          cellId: 'appeals.review.total',
          oldValue: '3',
          newValue: '4',
          versionId: after.version!.id,
        });
        expect(entry!.reason).toBe('printed error, evident from the other figures — 2 + 1 + 0 + 1');
        expect(entry!.at).toBeInstanceOf(Date);

        // The second inconsistency: 保护第三方合法权益 总计 4 where the row adds to 3 (and the results column to 139).
        await correctCell(db, ctx, id, auditor, {
          cellId: 'applications.withheld.thirdParty.total',
          value: 3,
          reason: 'printed-error-agency',
        });
        const fixed = (await loadReviewState(db, id, ctx))!;
        expect(fixed.record!.validation.status).toBe('passed');
        expect(fixed.approveBlocked).toBeNull();
        expect(fixed.audit.map((e) => e.action)).toEqual(['correct', 'correct']);
      });

      it(
        'refuses a correction without a reason note for "other", from a viewer, of a foreign cell, to the same ' +
          'value, or from a stale page',
        async () => {
          const id = await storeReport();
          const v = (await loadReviewState(db, id, ctx))!.version!.id;
          await refused(
            correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 4, reason: 'other' }),
            'invalid',
            /note/,
          );
          await refused(
            correctCell(db, ctx, id, viewer, { cellId: 'appeals.review.total', value: 4, reason: 'ocr-misread' }),
            'forbidden',
          );
          await refused(
            correctCell(db, ctx, id, auditor, {
              cellId: 'legacy.requests.received.value',
              value: 4,
              reason: 'ocr-misread',
            }),
            'invalid',
            /not a cell/,
          );
          await refused(
            correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 3, reason: 'ocr-misread' }),
            'invalid',
            /already/,
          );
          await refused(
            correctCell(db, ctx, id, auditor, {
              cellId: 'appeals.review.total',
              value: 4,
              reason: 'ocr-misread',
              seen: { versionId: v + 1000 },
            }),
            'conflict',
            /extracted again/,
          );
          await refused(
            correctCell(db, ctx, id, auditor, {
              cellId: 'appeals.review.total',
              value: 4,
              reason: 'ocr-misread',
              seen: { versionId: v, value: '7' },
            }),
            'conflict',
            /changed by someone else/,
          );
          expect((await listAudit(db, id)).length).toBe(0);
        },
      );

      it('a cell accepted as printed counts as read with certainty (an OCR doubt no longer flags it)', async () => {
        const record = structuredClone(extracted.record);
        record.cells['disclosure.licensing.decisions'] = {
          ...record.cells['disclosure.licensing.decisions']!,
          source: 'ocr',
          confidence: 0.41,
        };
        const id = await storeReport(revalidateRecord(record, { text: extracted.text }));
        const state = (await loadReviewState(db, id, ctx))!;
        expect(state.record!.validation.issues.find((i) => i.rule === 'extraction.confidence')?.cells).toEqual([
          'disclosure.licensing.decisions',
        ]);
        await confirmCell(db, ctx, id, auditor, { cellId: 'disclosure.licensing.decisions' });
        const after = (await loadReviewState(db, id, ctx))!;
        expect(after.record!.validation.issues.map((i) => i.rule)).not.toContain('extraction.confidence');
        expect(after.record!.cells['disclosure.licensing.decisions']).toMatchObject({
          value: 12,
          source: 'ocr',
          confidence: 1,
        });
        expect(after.audit[0]).toMatchObject({
          action: 'confirm_cell',
          cellId: 'disclosure.licensing.decisions',
          oldValue: '12',
          newValue: '12',
        });
        await refused(
          confirmCell(db, ctx, id, auditor, { cellId: 'disclosure.licensing.decisions' }),
          'conflict',
          /already/,
        );
      });
    });

    describe('decisions', () => {
      it(
        'approving needs the broken rules corrected or the report confirmed as printed; a decided report must be ' +
          'reopened to change',
        async () => {
          const id = await storeReport();
          await refused(approveReport(db, ctx, id, auditor, {}), 'conflict', /3 broken rules/);
          await confirmReport(db, ctx, id, auditor, { note: 'the agency printed it so' });
          await approveReport(db, ctx, id, auditor, {});
          let state = (await loadReviewState(db, id, ctx))!;
          expect(state.status).toBe('approved');
          expect(state.review!.decidedBy).toBe('alice');
          await refused(
            correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 4, reason: 'ocr-misread' }),
            'conflict',
            /reopen/,
          );
          await refused(rejectReport(db, ctx, id, auditor, { note: 'x' }), 'conflict', /reopen/);
          await reopenReport(db, ctx, id, auditor, { note: 'second look' });
          state = (await loadReviewState(db, id, ctx))!;
          expect(state.status).toBe('in_review');
          // A change of value clears the confirmation: approving needs a new look.
          await correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 4, reason: 'ocr-misread' });
          state = (await loadReviewState(db, id, ctx))!;
          expect(state.confirmed).toBe(false);
          expect(state.approveBlocked).toMatch(/2 broken rules/);
          await refused(rejectReport(db, ctx, id, auditor, { note: '  ' }), 'invalid', /why/);
          await rejectReport(db, ctx, id, auditor, { note: 'illegible' });
          expect((await loadReviewState(db, id, ctx))!.status).toBe('rejected');
          expect((await listAudit(db, id)).map((e) => e.action)).toEqual([
            'reject',
            'correct',
            'reopen',
            'approve',
            'confirm_report',
          ]);
        },
      );
    });

    describe('a re-extraction never overwrites a human decision silently', () => {
      it(
        'shows a conflict where the new extraction reads otherwise, keeps the human value in force, blocks approval ' +
          'until settled',
        async () => {
          const id = await storeReport();
          await correctCell(db, ctx, id, auditor, {
            cellId: 'appeals.review.total',
            value: 4,
            reason: 'printed-error-agency',
          });
          await correctCell(db, ctx, id, auditor, {
            cellId: 'applications.withheld.thirdParty.total',
            value: 3,
            reason: 'printed-error-agency',
          });
          await confirmCell(db, ctx, id, auditor, { cellId: 'appeals.review.upheld' });
          await approveReport(db, ctx, id, auditor, {});
          expect((await loadReviewState(db, id, ctx))!.status).toBe('approved');

          // The new extraction reads 5 where the correction says 4 (and was made against 3); the other cells as before.
          await reextract(id, (r) => {
            r.cells['appeals.review.total']!.value = 5;
            r.cells['appeals.review.total']!.raw = '5';
          });
          const state = (await loadReviewState(db, id, ctx))!;
          expect(state.version!.run).toBe(2);
          expect(state.status).toBe('in_review'); // the approval was for run 1
          expect(state.conflicts).toEqual([
            expect.objectContaining({
              cellId: 'appeals.review.total',
              humanValue: 4,
              extractedThen: 3,
              extractedNow: 5,
              decidedBy: 'alice',
            }),
          ]);
          expect(state.record!.cells['appeals.review.total']!.value).toBe(4);
          // carried over: no change there
          expect(state.record!.cells['applications.withheld.thirdParty.total']!.value).toBe(3);
          expect(state.approveBlocked).toMatch(/1 conflict/);
          await refused(approveReport(db, ctx, id, auditor, {}), 'conflict', /conflict/);
          const queue = await listQueue(db, { status: 'in_review' }, { limit: 100, offset: 0 });
          expect(queue.items.find((i) => i.id === id)?.conflicts).toBe(1);

          await resolveConflict(db, ctx, id, auditor, { cellId: 'appeals.review.total', keep: true });
          const kept = (await loadReviewState(db, id, ctx))!;
          expect(kept.conflicts).toEqual([]);
          expect(kept.record!.cells['appeals.review.total']!.value).toBe(4);
          expect(kept.audit[0]).toMatchObject({ action: 'keep_correction', oldValue: '5', newValue: '4' });
          await approveReport(db, ctx, id, auditor, {});
          expect((await loadReviewState(db, id, ctx))!.status).toBe('approved');
        },
      );

      it('taking the re-extracted value drops the decision', async () => {
        const id = await storeReport();
        await correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 4, reason: 'ocr-misread' });
        await reextract(id, (r) => {
          r.cells['appeals.review.total']!.value = 6;
        });
        await resolveConflict(db, ctx, id, auditor, { cellId: 'appeals.review.total', keep: false });
        const state = (await loadReviewState(db, id, ctx))!;
        expect(state.decisions.has('appeals.review.total')).toBe(false);
        expect(state.record!.cells['appeals.review.total']!.value).toBe(6);
        expect(state.audit[0]).toMatchObject({ action: 'take_extraction', oldValue: '4', newValue: '6' });
      });

      it(
        'a version rewritten in place (a retried store step) is ' + 'reviewed again: conflict, approval lapsed',
        async () => {
          const id = await storeReport();
          await correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 4, reason: 'ocr-misread' });
          await confirmReport(db, ctx, id, auditor, {});
          await approveReport(db, ctx, id, auditor, {});
          const before = (await loadReviewState(db, id, ctx))!;
          expect(before.status).toBe('approved');
          const record = structuredClone(before.version!.record);
          record.cells['appeals.review.total']!.value = 5;
          await saveVersion(db, {
            reportId: id,
            run: before.version!.run,
            record: revalidateRecord(record, { text: extracted.text }),
            text: extracted.text,
          });
          const after = (await loadReviewState(db, id, ctx))!;
          expect(after.version!.id).toBe(before.version!.id);
          expect(after.conflicts.map((c) => c.cellId)).toEqual(['appeals.review.total']);
          expect(after.status).toBe('in_review');
          expect(
            (await listQueue(db, { status: 'approved' }, { limit: 500, offset: 0 })).items.map((i) => i.id),
          ).not.toContain(id);
        },
      );

      it('no conflict when the re-extraction reads the same as before, or what the human said', async () => {
        const id = await storeReport();
        await correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 4, reason: 'ocr-misread' });
        await reextract(id, () => undefined);
        expect((await loadReviewState(db, id, ctx))!.conflicts).toEqual([]);
        await reextract(id, (r) => {
          r.cells['appeals.review.total']!.value = 4;
        });
        const state = (await loadReviewState(db, id, ctx))!;
        expect(state.conflicts).toEqual([]);
        expect(state.record!.cells['appeals.review.total']!.value).toBe(4);
      });
    });

    describe('queue and exports', () => {
      it('filters by review status, rule after review, era and source; counts per rule', async () => {
        const id = await storeReport();
        await correctCell(db, ctx, id, auditor, { cellId: 'appeals.review.total', value: 4, reason: 'ocr-misread' });
        const inReview = await listQueue(
          db,
          { status: 'in_review', rule: 'applications.rowSum' },
          { limit: 500, offset: 0 },
        );
        expect(inReview.items.map((i) => i.id)).toContain(id);
        const byAppeals = await listQueue(db, { rule: 'appeals.total' }, { limit: 500, offset: 0 });
        expect(byAppeals.items.map((i) => i.id)).not.toContain(id); // fixed by the correction
        expect((await listQueue(db, { era: '2008' }, { limit: 500, offset: 0 })).items.map((i) => i.id)).not.toContain(
          id,
        );
        expect(
          (await listQueue(db, { source: 'ocr' }, { limit: 500, offset: 0 })).items.map((i) => i.id),
        ).not.toContain(id);
        expect(
          (await listQueue(db, { source: 'text', year: 2022, agency: '红寺堡' }, { limit: 500, offset: 0 })).items.map(
            (i) => i.id,
          ),
        ).toContain(id);
        const counts = await queueCounts(db, { status: 'in_review' });
        expect(counts.rules.get('applications.rowSum')).toBeGreaterThanOrEqual(1);
        // Flagged first.
        const all = await listQueue(db, {}, { limit: 500, offset: 0 });
        const order = all.items.map((i) => i.status);
        expect(order.indexOf('flagged')).toBeLessThan(Math.max(order.indexOf('in_review'), order.indexOf('approved')));
      });

      it('exports approved reports only, with the reviewed values, in CSV and XLSX', async () => {
        const id = await storeReport();
        await correctCell(db, ctx, id, auditor, {
          cellId: 'appeals.review.total',
          value: 4,
          reason: 'printed-error-agency',
        });
        await confirmReport(db, ctx, id, auditor, {});
        await approveReport(db, ctx, id, auditor, {});
        const reports = await approvedReports(db, { year: 2022 });
        expect(reports.map((r) => r.id)).toContain(id);
        const notApproved = await storeReport();
        expect((await approvedReports(db, {})).map((r) => r.id)).not.toContain(notApproved);
        const data = { reports: reports.filter((r) => r.id === id), decisions: await reviewCellsOf(db, [id]) };
        const csv = approvedCsv(data).split('\r\n');
        expect(csv[0]).toBe('report,file,agency,year,era,cell,value,source,extracted_value,reviewed_by,reviewed_at');
        expect(csv.find((l) => l.includes(',appeals.review.total,'))).toMatch(
          new RegExp(`^${id},r\\d+\\.pdf,红寺堡区司法局,2022,2021,appeals.review.total,4,human,3,alice,`),
        );
        expect(csv.find((l) => l.includes(',appeals.review.upheld,'))).toMatch(
          /,appeals.review.upheld,2,text,2,alice,/,
        );
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load((await toXlsx(data)) as unknown as ArrayBuffer);
        expect(wb.worksheets.map((w) => w.name)).toEqual([
          'reports',
          'disclosure',
          'applications',
          'appeals',
          'legacy',
          'issues',
        ]);
        const appeals = wb.getWorksheet('appeals')!;
        const header = appeals.getRow(1).values as unknown[];
        const review = appeals.getRows(2, appeals.rowCount - 1)!.find((r) => r.getCell(5).value === 'review')!;
        expect(review.getCell(header.indexOf('total')).value).toBe(4);
        expect(String(review.getCell(header.indexOf('total')).note)).toMatch(/corrected by alice/);
        // The rules still broken as reviewed, named as ruleTitles.ts names them.
        const issues = wb.getWorksheet('issues')!;
        const rows = issues.getRows(2, issues.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1));
        const expected = reports.find((r) => r.id === id)!.record.validation.issues;
        expect(rows.map((r) => r[3])).toEqual(expected.map((i) => i.rule));
        expect(rows.find((r) => r[3] === 'applications.rowSum')?.[4]).toBe('申请情况表：各类申请人之和与总计不符');
        expect(rows.find((r) => r[3] === 'applications.rowSum')?.[7]).toBe(
          expected.find((i) => i.rule === 'applications.rowSum')!.message,
        );
      });
    });

    describe('users and sessions', () => {
      it('hashes passwords with scrypt and checks them', async () => {
        const hash = await hashPassword('hunter2 hunter2');
        expect(hash).toMatch(/^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
        expect(await verifyPassword('hunter2 hunter2', hash)).toBe(true);
        expect(await verifyPassword('hunter2 hunter3', hash)).toBe(false);
        expect(await verifyPassword('x', 'plain')).toBe(false);
        expect(await authenticate(db, 'alice', 'a long enough password')).toMatchObject({
          name: 'alice',
          role: 'auditor',
        });
        expect(await authenticate(db, 'alice', 'wrong password!')).toBeNull();
        expect(await authenticate(db, 'nobody', 'a long enough password')).toBeNull();
        const stored = await db.query<{ password_hash: string }>(
          `SELECT password_hash FROM users WHERE name = 'alice'`,
        );
        expect(stored.rows[0]!.password_hash).not.toContain('a long enough password');
      });

      it('sessions end at logout, after the idle limit, at their expiry, and when the user is disabled', async () => {
        const u = await createUser(db, { name: `s${Date.now()}`, role: 'viewer', password: 'a long enough password' });
        const a = await createSession(db, u.id, LIMITS);
        expect((await getSession(db, a.id, LIMITS))!.user.name).toBe(u.name);
        expect((await getSession(db, a.id, LIMITS))!.csrfToken).toBe(a.csrfToken);
        // The database keeps only a hash of the session id.
        expect((await db.query(`SELECT 1 FROM sessions WHERE id_hash = $1`, [a.id])).rows.length).toBe(0);
        await deleteSession(db, a.id);
        expect(await getSession(db, a.id, LIMITS)).toBeNull();

        const b = await createSession(db, u.id, LIMITS);
        await db.query(`UPDATE sessions SET last_seen_at = now() - interval '11 minutes' WHERE user_id = $1`, [u.id]);
        expect(await getSession(db, b.id, LIMITS)).toBeNull();

        const c = await createSession(db, u.id, LIMITS);
        await db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.id]);
        expect(await getSession(db, c.id, LIMITS)).toBeNull();

        const d = await createSession(db, u.id, LIMITS);
        await setUserDisabled(db, u.id, true);
        expect(await getSession(db, d.id, LIMITS)).toBeNull();
        expect(await authenticate(db, u.name, 'a long enough password')).toBeNull();
      });

      it('limits failed logins per name and per address', () => {
        const l = new LoginLimiter({ perNameAndAddress: 3, perAddress: 5, windowMs: 60_000 });
        const t0 = 1_000_000;
        // Counted as they start: three attempts in flight at once use the allowance up.
        const inFlight = [0, 1, 2].map((i) => l.begin('alice', '10.0.0.1', t0 + i));
        expect(inFlight.map((a) => a.wait)).toEqual([0, 0, 0]);
        expect(l.begin('alice', '10.0.0.1', t0 + 5).wait).toBeGreaterThan(0);
        // Guesses from one address do not lock the name out from another.
        expect(l.begin('alice', '10.0.0.2', t0 + 10).wait).toBe(0);
        expect(l.begin('alice', '10.0.0.1', t0 + 61_000).wait).toBe(0);
        for (let i = 0; i < 5; i++) l.begin(`u${i}`, '10.0.0.9', t0);
        expect(l.begin('someone', '10.0.0.9', t0 + 1).wait).toBeGreaterThan(0);
        // A success gives its attempt back and clears the name's count from that address.
        for (let i = 0; i < 2; i++) l.begin('bob', '10.0.0.4', t0 + i);
        l.begin('bob', '10.0.0.4', t0 + 2).succeeded();
        expect([0, 1, 2].map((i) => l.begin('bob', '10.0.0.4', t0 + 3 + i).wait)).toEqual([0, 0, 0]);
      });
    });
  });

describe('input and output', () => {
  it('reads values as people type them', () => {
    expect(parseValueInput('12')).toBe(12);
    expect(parseValueInput(' -3 ')).toBe(-3);
    expect(parseValueInput('７７３０.２８')).toBe(7730.28);
    expect(parseValueInput('1,234')).toBe(1234);
    expect(parseValueInput('—')).toBeNull();
    expect(parseValueInput('')).toBeNull();
    expect(parseValueInput('12a')).toBeUndefined();
    expect(parseValueInput('1e9')).toBeUndefined();
  });

  it('escapes everything interpolated into HTML, and data for scripts', () => {
    const evil = `<img src=x onerror="alert('x')">&`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x ' +
        'onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</p>',
    );
    expect(html`${[evil, html`<b>ok</b>`]}`.value).toBe(`${escapeHtml(evil)}<b>ok</b>`);
    expect(jsonScript('d', { x: '</script><script>alert(1)</script>' }).value).not.toMatch(/<\/script><script>/);
  });

  it('defuses spreadsheet formulas in CSV text and quotes what needs it', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(-3)).toBe('-3');
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('goes back only to local paths after login', () => {
    expect(safeNext('/report/3?cell=x')).toBe('/report/3?cell=x');
    expect(safeNext('//evil.example/')).toBe('/queue');
    expect(safeNext('https://evil.example/')).toBe('/queue');
    expect(safeNext('/\\evil')).toBe('/queue');
  });
});
