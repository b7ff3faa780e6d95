/**
 * Bulk re-processing runs, as the API, the review UI and the reprocess queue's request jobs
 * start them: the filter selects reports, a run is recorded with one item per report (once per
 * request id), and each item is queued; the reprocess worker (src/workers/reprocess.ts) starts
 * the items, rate-limited and behind live uploads. `requestBulkRun` is for callers without the
 * database (`nianbao reprocess`, the schedule): it queues a request that the worker expands.
 */
import type { Db } from '../store/db.js';
import { createRun, reprocessFilterSchema, selectReports, type ReprocessFilter } from '../store/reprocess.js';
import { jobIds } from './jobIds.js';
import type { Queues, ReprocessItemData, ReprocessRequestData } from './queues.js';

/** Adds the item jobs of a run (ids fixed per run and report: adding again is a no-op). */
export async function queueItems(
  queues: Pick<Queues, 'reprocess'>,
  runId: number,
  reportIds: readonly number[],
): Promise<void> {
  for (let i = 0; i < reportIds.length; i += 500) {
    await queues.reprocess.addBulk(
      reportIds.slice(i, i + 500).map((reportId) => ({
        name: 'item',
        data: { runId, reportId } satisfies ReprocessItemData,
        opts: {
          jobId: jobIds.item(runId, reportId),
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }
}

export interface BulkRunRequest {
  filter: ReprocessFilter;
  /** api, ui, cli, schedule. */
  trigger: string;
  /** Who asked: a user, token:<name>, cli:<OS user>, schedule. */
  requestedBy: string;
  /** Makes the run once: the same request id again finds the run made before. */
  requestId: string;
}

export interface BulkRunStarted {
  runId: number;
  total: number;
}

/**
 * Selects the reports, records the run and queues its items. `onRecorded` runs once the run is
 * in the database and before its items are queued (the UI's audit entry: it must be written
 * even when Redis is away, as the reconciler queues the items later).
 */
export async function startBulkRun(
  deps: { db: Db; queues: Pick<Queues, 'reprocess'> },
  request: BulkRunRequest,
  onRecorded?: (run: BulkRunStarted) => Promise<unknown>,
): Promise<BulkRunStarted> {
  const filter = reprocessFilterSchema.parse(request.filter);
  const reportIds = await selectReports(deps.db, filter);
  const { runId } = await createRun(deps.db, {
    requestId: request.requestId,
    trigger: request.trigger,
    filter,
    reportIds,
    requestedBy: request.requestedBy,
  });
  const started = { runId, total: reportIds.length };
  await onRecorded?.(started);
  await queueItems(deps.queues, runId, reportIds);
  return started;
}

/** Queues a bulk re-processing request (needs Redis only, not the database). Returns the job id. */
export async function requestBulkRun(
  queues: Pick<Queues, 'reprocess'>,
  filter: ReprocessFilter,
  trigger: ReprocessRequestData['trigger'],
  requestedBy: string,
): Promise<string> {
  const parsed = reprocessFilterSchema.parse(filter);
  const job = await queues.reprocess.add(
    'request',
    { filter: parsed, trigger, requestedBy } satisfies ReprocessRequestData,
    {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  );
  return job.id!;
}
