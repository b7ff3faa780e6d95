/**
 * The reconciler: the database is the record of what must happen, Redis only of what is under
 * way. Every NIANBAO_RECONCILE_MS it compares the two and repairs the difference, so the service
 * recovers by itself when Redis lost its data (restart without persistence, failover) or a job
 * could not be queued while Redis was away:
 *
 *   - a queued or processing report whose run has no job → the job is added again (same id);
 *   - a report whose job failed without the failure being recorded → recorded;
 *   - pending bulk items without their job → added again;
 *   - the cron scheduler of bulk re-processing, when configured and missing → installed again.
 *
 * Every repair adds jobs under their fixed ids, so it never duplicates work in progress.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { stalePendingItems } from '../store/reprocess.js';
import { unsettledReports } from '../store/reports.js';
import type { ServiceConfig } from '../service/config.js';
import { queueItems } from '../service/bulkRun.js';
import { readFailure } from '../service/failure.js';
import { jobIds } from '../service/jobIds.js';
import { enqueueReport, type Queues } from '../service/queues.js';
import { applySchedule, SCHEDULER_ID } from './reprocess.js';
import { recordFailure } from './stages.js';

interface Context {
  db: Db;
  queues: Queues;
  config: ServiceConfig;
  log: Logger;
}

export interface ReconcileResult {
  requeued: number;
  failed: number;
  items: number;
}

/** Reports younger than this are left alone: their job may be on its way. */
const GRACE_MS = 1000;

export async function reconcileOnce(ctx: Context): Promise<ReconcileResult> {
  const result: ReconcileResult = { requeued: 0, failed: 0, items: 0 };
  const reports = await unsettledReports(ctx.db, GRACE_MS, 5000);
  if (reports.length > 0) {
    const counts = await ctx.queues.report.getJobCounts(
      'waiting',
      'prioritized',
      'delayed',
      'active',
      'waiting-children',
    );
    const inQueue = Object.values(counts).reduce((a, b) => a + b, 0);
    // When the queue holds fewer jobs than there are unfinished reports, some are missing: look.
    if (inQueue < reports.length || reports.length <= 200) {
      for (const report of reports) {
        const job = await ctx.queues.report.getJob(jobIds.report(report.id, report.run));
        if (!job) {
          await enqueueReport(ctx.queues, ctx.config, report);
          result.requeued++;
          ctx.log.warn({ reportId: report.id, run: report.run }, 'report job missing from the queue: queued again');
          continue;
        }
        if ((await job.getState()) === 'failed') {
          const { kind, reason } = readFailure(job.failedReason || 'the job failed');
          await recordFailure(ctx.db, {
            reportId: report.id,
            run: report.run,
            reprocessRunId: report.reprocessRunId,
            reason,
            kind: /stalled/i.test(reason) ? 'stalled' : kind,
          });
          result.failed++;
        }
      }
    }
  }
  const items = await stalePendingItems(ctx.db, 10_000, 10_000);
  if (items.length > 0) {
    const counts = await ctx.queues.reprocess.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    if (Object.values(counts).reduce((a, b) => a + b, 0) < items.length) {
      const byRun = new Map<number, number[]>();
      for (const { runId, reportId } of items) byRun.set(runId, [...(byRun.get(runId) ?? []), reportId]);
      for (const [runId, ids] of byRun) await queueItems(ctx.queues, runId, ids);
      result.items = items.length;
    }
  }
  if (ctx.config.reprocessCron && !(await ctx.queues.reprocess.getJobScheduler(SCHEDULER_ID))) {
    await applySchedule(ctx.queues, ctx.config);
    ctx.log.warn('the bulk re-processing schedule was missing from Redis: installed again');
  }
  return result;
}

/** Runs reconcileOnce now and every config.reconcileIntervalMs until closed. */
export function startReconciler(ctx: Context): { close(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let closed = false;
  const tick = (): void => {
    running = reconcileOnce(ctx)
      .then((r) => {
        if (r.requeued || r.failed || r.items) ctx.log.info(r, 'reconciled');
      })
      .catch((err: unknown) => ctx.log.warn({ err }, 'reconcile pass failed; will try again'))
      .finally(() => {
        running = null;
        if (!closed) timer = setTimeout(tick, ctx.config.reconcileIntervalMs);
      });
  };
  tick();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      // A pass blocked on an unreachable Redis must not hold up shutdown.
      await Promise.race([running, new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}
