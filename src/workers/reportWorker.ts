/**
 * The report job: one per extraction run, a BullMQ step job that is also the parent of its
 * page reads (a flow built as it goes, since the page count is only known once the file is
 * opened):
 *
 *   ingest    status processing; add child `ingest` (sandboxed: open the PDF, check it, count pages)
 *   pages     add one child `page` per page (sandboxed reads, on any worker)
 *   assemble  children's page models → record (assemble) → archive rules (validate) → store
 *
 * Between steps the job waits in BullMQ's waiting-children state, holding no worker. Children
 * are added with fixed job ids, so a step that runs twice (retry, stalled job, restart) adds
 * nothing new. A child that fails for good (a corrupt PDF fails at once) does not fail the
 * parent by itself (ignoreDependencyOnFailure): the parent records the reason and fails
 * without retry. The database unreachable is no fault of the job: it waits and resumes, no
 * attempt counted (./databaseWait.ts). Other transient faults retry with exponential backoff;
 * the last failed attempt records the failure.
 */
import { UnrecoverableError, WaitingChildrenError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { PageModel } from '../extractors/model.js';
import type { Db } from '../store/db.js';
import { DEFAULT_VALIDATION_OPTIONS } from '../validate/index.js';
import { isCurrentRun, markProcessing } from '../store/reports.js';
import type { ServiceConfig } from '../service/config.js';
import { readFailure, taggedReason } from '../service/failure.js';
import { jobIds, parseJobId } from '../service/jobIds.js';
import type { ReportProgress } from '../service/progress.js';
import {
  childJobOptions,
  QUEUE_NAMES,
  BULK_PRIORITY,
  type PageJobData,
  type Queues,
  type ReportJobData,
} from '../service/queues.js';
import { bullConnection, connectionErrorLogger } from '../service/redis.js';
import { validateWithArchive } from '../service/archive.js';
import { assemble, recordFailure, storeRecord } from './stages.js';
import { waitForDatabase } from './databaseWait.js';
import { workerTimings } from './timings.js';

export interface ReportJobResult {
  status: 'passed' | 'flagged' | 'superseded';
  versionId?: number;
}

interface Context {
  db: Db;
  queues: Queues;
  config: ServiceConfig;
  log: Logger;
}

const isUnrecoverable = (err: unknown): boolean =>
  err instanceof UnrecoverableError || (err instanceof Error && err.name === 'UnrecoverableError');

/**
 * A permanent failure of a child, in words ("page 3: the PDF is damaged …") with its kind in
 * front (the first child's, ingest before pages), as the report job's own failure reason.
 */
async function childFailure(job: Job<ReportJobData>): Promise<string | null> {
  const failures = await job.getIgnoredChildrenFailures();
  const entries = Object.entries(failures);
  if (entries.length === 0) return null;
  const described = entries
    .map(([key, tagged]) => {
      const id = parseJobId(key);
      const page = id?.kind === 'page' ? id.page : null;
      const { kind, reason } = readFailure(tagged);
      return { page: page ?? 0, kind, text: page !== null ? `page ${page}: ${reason}` : reason };
    })
    .sort((a, b) => a.page - b.page);
  return taggedReason(described[0]!.kind, described.map((d) => d.text).join('; '));
}

export function reportProcessor(ctx: Context) {
  const { db, queues, config } = ctx;
  return async (job: Job<ReportJobData>, token?: string): Promise<ReportJobResult> => {
    const { reportId, run, reprocessRunId } = job.data;
    const log = ctx.log.child({ jobId: job.id, reportId, run });
    const parent = { id: job.id!, queue: job.queueQualifiedName };
    const priority = reprocessRunId !== null ? BULK_PRIORITY : undefined;
    // Jobs queued before these settings existed carry none: the defaults then.
    const ocr = job.data.ocr ?? 'auto';
    const validation = {
      confidenceThreshold: job.data.minConfidence ?? DEFAULT_VALIDATION_OPTIONS.confidenceThreshold,
    };
    const child = { reportId, run, file: job.data.file, maxPages: job.data.maxPages, ocr };
    const waitForChildren = async (): Promise<boolean> => {
      if (!token) throw new Error('the report job needs its lock token to wait for its children');
      return job.moveToWaitingChildren(token);
    };
    try {
      let step = job.data.step ?? 'ingest';
      for (;;) {
        if (!(await isCurrentRun(db, reportId, run))) {
          log.info('a newer run of this report was asked for: this one stops');
          return { status: 'superseded' };
        }
        if (step === 'ingest') {
          await markProcessing(db, reportId, run);
          await job.updateProgress({ stage: 'ingesting' } satisfies ReportProgress);
          await queues.page.add(
            'ingest',
            child,
            childJobOptions(config, jobIds.ingest(reportId, run), parent, priority),
          );
          step = 'pages';
          await job.updateData({ ...job.data, step });
          log.debug('ingesting');
          if (await waitForChildren()) throw new WaitingChildrenError();
        } else if (step === 'pages') {
          const failure = await childFailure(job);
          if (failure) throw new UnrecoverableError(failure);
          const values = await job.getChildrenValues<{ pages?: number }>();
          const ingestKey = Object.keys(values).find((k) => {
            const id = parseJobId(k);
            return id?.kind === 'ingest' && id.reportId === reportId && id.run === run;
          });
          const pages = ingestKey ? values[ingestKey]?.pages : undefined;
          if (typeof pages !== 'number') throw new Error('the page count is missing from the ingest job’s result');
          await job.updateProgress({ stage: 'reading', pages } satisfies ReportProgress);
          await queues.page.addBulk(
            Array.from({ length: pages }, (_, i) => ({
              name: 'page',
              data: { ...child, page: i + 1 } satisfies PageJobData,
              opts: childJobOptions(config, jobIds.page(reportId, run, i + 1), parent, priority),
            })),
          );
          step = 'assemble';
          await job.updateData({ ...job.data, step, pages });
          log.debug({ pages }, 'reading pages');
          if (await waitForChildren()) throw new WaitingChildrenError();
        } else {
          const failure = await childFailure(job);
          if (failure) throw new UnrecoverableError(failure);
          await job.updateProgress({ stage: 'assembling', pages: job.data.pages } satisfies ReportProgress);
          const values = await job.getChildrenValues<PageModel | { pages: number }>();
          const models = Object.entries(values)
            .filter(([key]) => parseJobId(key)?.kind === 'page')
            .map(([, v]) => v as PageModel);
          if (models.length !== job.data.pages)
            throw new Error(`expected ${job.data.pages} page models, have ${models.length}`);
          const assembled = assemble(models, { file: job.data.fileName, sha256: job.data.sha256 }, validation);
          const record = await validateWithArchive(db, reportId, assembled, validation);
          await job.updateProgress({ stage: 'storing', pages: job.data.pages } satisfies ReportProgress);
          const { versionId, current } = await storeRecord(
            db,
            { reportId, run, record, text: assembled.text, reprocessRunId },
            log,
            validation,
          );
          log.info({ status: record.validation.status, versionId, current, pages: models.length }, 'report stored');
          return { status: record.validation.status, versionId };
        }
      }
    } catch (err) {
      if (err instanceof WaitingChildrenError) throw err;
      await waitForDatabase(job, token, err, config.backoffMs, log);
      const final = isUnrecoverable(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const { kind, reason } = readFailure(err instanceof Error ? err.message : String(err));
      if (final) {
        await recordFailure(db, { reportId, run, reprocessRunId, reason, kind }).catch((e: unknown) =>
          log.error({ err: e }, 'could not record the failure'),
        );
        log.warn({ reason, kind }, 'report failed');
      } else {
        log.warn({ reason, attemptsMade: job.attemptsMade + 1 }, 'report attempt failed, will retry');
      }
      throw err;
    }
  };
}

export function createReportWorker(ctx: Context): Worker<ReportJobData, ReportJobResult> {
  const worker = new Worker<ReportJobData, ReportJobResult>(QUEUE_NAMES.report, reportProcessor(ctx), {
    connection: bullConnection(ctx.config.redisUrl),
    prefix: ctx.config.queuePrefix,
    name: ctx.config.workerName,
    concurrency: ctx.config.reportConcurrency,
    ...workerTimings(ctx.config),
  });
  worker.on('error', connectionErrorLogger(ctx.log, 'report worker error', { queue: QUEUE_NAMES.report }));
  // A job that stalled too often is failed by BullMQ without running the processor: record it.
  worker.on('failed', (job, err) => {
    if (!job || !/stalled/i.test(err.message)) return;
    void recordFailure(ctx.db, {
      reportId: job.data.reportId,
      run: job.data.run,
      reprocessRunId: job.data.reprocessRunId,
      reason: err.message,
      kind: 'stalled',
    }).catch(() => undefined);
  });
  return worker;
}
