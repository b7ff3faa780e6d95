/**
 * How a file becomes a report, for the API and the watched folder alike: its bytes go into the
 * content-addressed store, the report row is created (or found: same SHA-256, same report),
 * and a new report's first run is queued. Queueing is best effort: when Redis is away the row
 * stays queued and the reconciler queues it once Redis is back.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { commitTempFile, type TempFile } from '../store/files.js';
import { createReport, getReport, requestRun, type Report, type ReportSource } from '../store/reports.js';
import { appendAudit } from '../store/review.js';
import type { ServiceConfig } from './config.js';
import { enqueueReport, type Queues } from './queues.js';
import { withTimeout } from './timeout.js';

export interface IntakeContext {
  db: Db;
  queues: Pick<Queues, 'report'>;
  config: ServiceConfig;
  log: Logger;
}

/** Queues the report's current run; logs and leaves it to the reconciler when Redis does not answer. */
export async function queueRun(ctx: IntakeContext, report: Report): Promise<boolean> {
  try {
    await withTimeout(enqueueReport(ctx.queues, ctx.config, report), 5000);
    return true;
  } catch (err) {
    ctx.log.warn({ err, reportId: report.id, run: report.run }, 'could not queue the report now; the reconciler will');
    return false;
  }
}

/** Stores the temp file's bytes and makes (or finds) its report. */
export async function admitFile(
  ctx: IntakeContext,
  temp: TempFile,
  input: { fileName: string; source: ReportSource },
): Promise<{ report: Report; created: boolean }> {
  const filePath = await commitTempFile(ctx.config.dataDir, temp);
  const { report, created } = await createReport(ctx.db, {
    sha256: temp.sha256,
    fileName: input.fileName,
    filePath,
    sizeBytes: temp.size,
    source: input.source,
  });
  if (created) {
    ctx.log.info(
      { reportId: report.id, sha256: report.sha256, fileName: report.fileName, source: input.source },
      'new report',
    );
    await queueRun(ctx, report);
  } else {
    ctx.log.info(
      { reportId: report.id, sha256: report.sha256, fileName: input.fileName },
      'same file as an existing report',
    );
  }
  return { report, created };
}

/**
 * Who asked for something: a name for the audit trail (a user, token:<name>, cli:<OS user>, schedule) and the
 * user's id if one.
 */
export interface Requester {
  name: string;
  userId: number | null;
}

/**
 * Asks for a new extraction run; null when the report is missing or already in progress. Every
 * run asked for is in the report's audit trail with who asked (a re-extraction puts a reviewed
 * report back in review), in the same transaction.
 */
export async function reprocessReport(
  ctx: IntakeContext,
  reportId: number,
  options: { requestedBy: Requester; reprocessRunId?: number | null },
): Promise<Report | null> {
  const bulk = options.reprocessRunId ?? null;
  const run = await ctx.db.transaction(async (tx) => {
    const run = await requestRun(tx, reportId, { reprocessRunId: bulk });
    if (run !== null) {
      await appendAudit(tx, {
        userName: options.requestedBy.name,
        userId: options.requestedBy.userId,
        reportId,
        action: 'reprocess',
        newValue: `run ${run}`,
        reason: bulk !== null ? 'bulk re-processing' : 'extract again',
        detail: bulk !== null ? { bulkRun: bulk } : null,
      });
    }
    return run;
  });
  if (run === null) return null;
  const report = await getReport(ctx.db, reportId);
  if (report) await queueRun(ctx, report);
  return report;
}
