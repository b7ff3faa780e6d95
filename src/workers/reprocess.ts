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
import { getItemState, getRun, setItemState } from '../store/reprocess.js';
import { startBulkRun, type BulkRunStarted } from '../service/bulkRun.js';
import type { ServiceConfig } from '../service/config.js';
import { reprocessReport } from '../service/intake.js';
import {
  QUEUE_NAMES,
  type Queues,
  type ReprocessItemData,
  type ReprocessQueueData,
  type ReprocessRequestData,
} from '../service/queues.js';
import { bullConnection, connectionErrorLogger } from '../service/redis.js';
import { waitForDatabase } from './databaseWait.js';
import { workerTimings } from './timings.js';

export const SCHEDULER_ID = 'scheduled-reprocess';

interface Context {
  db: Db;
  queues: Queues;
  config: ServiceConfig;
  log: Logger;
}

export function reprocessProcessor(ctx: Context) {
  const process = reprocessStep(ctx);
  return async (job: Job<ReprocessQueueData>, token?: string): Promise<BulkRunStarted | { state: string }> => {
    try {
      return await process(job);
    } catch (err) {
      await waitForDatabase(job, token, err, ctx.config.backoffMs, ctx.log);
      throw err;
    }
  };
}

function reprocessStep(ctx: Context) {
  return async (job: Job<ReprocessQueueData>): Promise<BulkRunStarted | { state: string }> => {
    if (job.name === 'request') {
      const { filter, trigger, requestedBy } = job.data as ReprocessRequestData;
      const started = await startBulkRun(ctx, {
        requestId: job.id!,
        trigger,
        filter,
        requestedBy: requestedBy ?? trigger,
      });
      ctx.log.info({ jobId: job.id, ...started, filter, trigger }, 'bulk re-processing run created');
      return started;
    }
    const { runId, reportId } = job.data as ReprocessItemData;
    const run = await getRun(ctx.db, runId);
    if (!run) return { state: 'gone' };
    const state = await getItemState(ctx.db, runId, reportId);
    if (state !== 'pending') return { state: state ?? 'gone' };
    const report = await reprocessReport({ ...ctx, queues: ctx.queues }, reportId, {
      reprocessRunId: runId,
      requestedBy: { name: run.requestedBy, userId: null },
    });
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
export async function applySchedule(
  queues: Pick<Queues, 'reprocess'>,
  config: Pick<ServiceConfig, 'reprocessCron' | 'reprocessScheduleFilter'>,
): Promise<void> {
  if (config.reprocessCron) {
    await queues.reprocess.upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: config.reprocessCron },
      {
        name: 'request',
        data: {
          filter: config.reprocessScheduleFilter,
          trigger: 'schedule',
          requestedBy: 'schedule',
        } satisfies ReprocessRequestData,
        opts: { removeOnComplete: { age: 7 * 24 * 3600 } },
      },
    );
  } else {
    await queues.reprocess.removeJobScheduler(SCHEDULER_ID);
  }
}
