/**
 * Bulk re-processing. A request (from `nianbao reprocess`, the API or the cron job scheduler)
 * goes into the reprocess queue; where the database is, it is expanded into a run with one item
 * per selected report, and each item starts that report's next extraction run. The queue's
 * worker is rate-limited (NIANBAO_REPROCESS_PER_MINUTE) and the report jobs it starts carry a
 * low priority, so uploads and watched files go first. Progress: GET /api/reprocess/:id.
 */
import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { createRun, getRun, reprocessFilterSchema, selectReports, setItemState, type ReprocessFilter } from '../store/reprocess.js';
import type { ServiceConfig } from './config.js';
import { reprocessReport } from './intake.js';
import { jobIds, QUEUE_NAMES, type Queues, type ReprocessItemData, type ReprocessQueueData, type ReprocessRequestData } from './queues.js';
import { bullConnection, connectionErrorLogger } from './redis.js';
import { waitForDatabase } from './databaseWait.js';
import { workerTimings } from './timings.js';

export const SCHEDULER_ID = 'scheduled-reprocess';

interface Context {
  db: Db;
  queues: Queues;
  config: ServiceConfig;
  log: Logger;
}

export interface RequestResult {
  runId: number;
  total: number;
}

/** Queues a bulk re-processing request (needs Redis only, not the database). Returns the job id. */
export async function requestReprocess(queues: Pick<Queues, 'reprocess'>, filter: ReprocessFilter, trigger: ReprocessRequestData['trigger'], requestedBy: string): Promise<string> {
  const parsed = reprocessFilterSchema.parse(filter);
  const job = await queues.reprocess.add('request', { filter: parsed, trigger, requestedBy } satisfies ReprocessRequestData, { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });
  return job.id!;
}

/** Adds the item jobs of a run (ids fixed per run and report: adding again is a no-op). */
export async function queueItems(queues: Pick<Queues, 'reprocess'>, runId: number, reportIds: readonly number[]): Promise<void> {
  for (let i = 0; i < reportIds.length; i += 500) {
    await queues.reprocess.addBulk(
      reportIds.slice(i, i + 500).map((reportId) => ({
        name: 'item',
        data: { runId, reportId } satisfies ReprocessItemData,
        opts: { jobId: jobIds.item(runId, reportId), attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } },
      })),
    );
  }
}

export function reprocessProcessor(ctx: Context) {
  const process = reprocessStep(ctx);
  return async (job: Job<ReprocessQueueData>, token?: string): Promise<RequestResult | { state: string }> => {
    try {
      return await process(job);
    } catch (err) {
      await waitForDatabase(job, token, err, ctx.config.backoffMs, ctx.log);
      throw err;
    }
  };
}

function reprocessStep(ctx: Context) {
  return async (job: Job<ReprocessQueueData>): Promise<RequestResult | { state: string }> => {
    if (job.name === 'request') {
      const { trigger, requestedBy } = job.data as ReprocessRequestData;
      const filter = reprocessFilterSchema.parse((job.data as ReprocessRequestData).filter);
      const reportIds = await selectReports(ctx.db, filter);
      const { runId } = await createRun(ctx.db, { requestId: job.id!, trigger, filter, reportIds, requestedBy: requestedBy ?? trigger });
      await queueItems(ctx.queues, runId, reportIds);
      ctx.log.info({ jobId: job.id, runId, total: reportIds.length, filter, trigger }, 'bulk re-processing run created');
      return { runId, total: reportIds.length };
    }
    const { runId, reportId } = job.data as ReprocessItemData;
    const run = await getRun(ctx.db, runId);
    if (!run) return { state: 'gone' };
    const state = await ctx.db.query<{ state: string }>('SELECT state FROM reprocess_items WHERE run_id = $1 AND report_id = $2', [runId, reportId]);
    if (state.rows[0]?.state !== 'pending') return { state: state.rows[0]?.state ?? 'gone' };
    const report = await reprocessReport({ ...ctx, queues: ctx.queues }, reportId, { reprocessRunId: runId, requestedBy: { name: run.requestedBy, userId: null } });
    if (!report) {
      await setItemState(ctx.db, runId, reportId, 'skipped');
      return { state: 'skipped' };
    }
    await setItemState(ctx.db, runId, reportId, 'started', report.run);
    return { state: 'started' };
  };
}

export function createReprocessWorker(ctx: Context): Worker<ReprocessQueueData> {
  const worker = new Worker<ReprocessQueueData>(QUEUE_NAMES.reprocess, reprocessProcessor(ctx), {
    connection: bullConnection(ctx.config.redisUrl),
    prefix: ctx.config.queuePrefix,
    name: ctx.config.workerName,
    concurrency: 1,
    limiter: { max: ctx.config.reprocessPerMinute, duration: 60_000 },
    ...workerTimings(ctx.config),
  });
  worker.on('error', connectionErrorLogger(ctx.log, 'reprocess worker error', { queue: QUEUE_NAMES.reprocess }));
  return worker;
}

/** Installs (or removes) the cron job scheduler of bulk re-processing from the config. */
export async function applySchedule(queues: Pick<Queues, 'reprocess'>, config: Pick<ServiceConfig, 'reprocessCron' | 'reprocessScheduleFilter'>): Promise<void> {
  if (config.reprocessCron) {
    await queues.reprocess.upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: config.reprocessCron },
      { name: 'request', data: { filter: config.reprocessScheduleFilter, trigger: 'schedule', requestedBy: 'schedule' } satisfies ReprocessRequestData, opts: { removeOnComplete: { age: 7 * 24 * 3600 } } },
    );
  } else {
    await queues.reprocess.removeJobScheduler(SCHEDULER_ID);
  }
}
