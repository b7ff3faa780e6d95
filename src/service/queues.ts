/**
 * The queues and their job data, created in one place and closed together.
 *
 *   report     one job per extraction run of a report (a BullMQ "step job" and flow parent):
 *              ingest → [ingest child] → pages → [page children] → assemble → validate → store.
 *              Runs where the database is (serve; worker only with DATABASE_URL).
 *   page       sandboxed, CPU-heavy: 'ingest' (open the PDF, check it, count its pages) and 'page' (read one
 *              page into a page model). Any process, any machine that shares the data dir.
 *   reprocess  bulk re-processing: 'request' (select reports, create a run) and 'item' (start
 *              one report's run), rate-limited, at low priority.
 *
 * Jobs carry references (report id, run, store path), never file bytes; their ids are fixed
 * (./jobIds.ts). The workers (src/workers/) consume these queues; the web and the CLI add to them.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { OcrMode } from '../extractors/pdf/readPages.js';
import type { ReprocessFilter } from '../store/reprocess.js';
import type { Report } from '../store/reports.js';
import type { ServiceConfig } from './config.js';
import { jobIds } from './jobIds.js';
import { bullConnection } from './redis.js';

export const QUEUE_NAMES = { report: 'report', page: 'page', reprocess: 'reprocess' } as const;

/** Priority of bulk re-processing jobs: BullMQ takes jobs without a priority first. */
export const BULK_PRIORITY = 10;

export type ReportStep = 'ingest' | 'pages' | 'assemble';

export interface ReportJobData {
  reportId: number;
  run: number;
  sha256: string;
  /** Store path relative to the data dir (files/ab/cdef….pdf). */
  file: string;
  /** The client's file name, recorded as source.file. */
  fileName: string;
  maxPages: number;
  ocr: OcrMode;
  /** extraction.confidence threshold for this run's validation. */
  minConfidence: number;
  reprocessRunId: number | null;
  /** Where the step job resumes; absent means 'ingest'. */
  step?: ReportStep;
  pages?: number;
}

export interface IngestJobData {
  reportId: number;
  run: number;
  file: string;
  maxPages: number;
  ocr: OcrMode;
}

export interface PageJobData extends IngestJobData {
  page: number;
}

export type PageQueueData = IngestJobData | PageJobData;

export interface ReprocessRequestData {
  filter: ReprocessFilter;
  trigger: 'cli' | 'api' | 'schedule';
  /** Who asked (cli:<OS user>, schedule); absent in requests queued before it was recorded. */
  requestedBy?: string;
}

export interface ReprocessItemData {
  runId: number;
  reportId: number;
}

export type ReprocessQueueData = ReprocessRequestData | ReprocessItemData;

export interface Queues {
  report: Queue<ReportJobData>;
  page: Queue<PageQueueData>;
  reprocess: Queue<ReprocessQueueData>;
  all(): Queue[];
  close(): Promise<void>;
}

export function createQueues(
  config: Pick<ServiceConfig, 'redisUrl' | 'queuePrefix'>,
  onError: (err: Error) => void = () => undefined,
): Queues {
  const opts = { connection: bullConnection(config.redisUrl), prefix: config.queuePrefix };
  const report = new Queue<ReportJobData>(QUEUE_NAMES.report, opts);
  const page = new Queue<PageQueueData>(QUEUE_NAMES.page, opts);
  const reprocess = new Queue<ReprocessQueueData>(QUEUE_NAMES.reprocess, opts);
  const all = [report, page, reprocess] as Queue[];
  for (const q of all) q.on('error', onError);
  return {
    report,
    page,
    reprocess,
    all: () => all,
    async close() {
      await Promise.allSettled(all.map((q) => q.close()));
    },
  };
}

type RetryConfig = Pick<ServiceConfig, 'backoffMs'>;

export function reportJobOptions(config: RetryConfig, reportId: number, run: number, priority?: number): JobsOptions {
  return {
    jobId: jobIds.report(reportId, run),
    attempts: 5,
    backoff: { type: 'exponential', delay: config.backoffMs },
    priority,
    // A finished report job still holds its children's page models: keep few of them.
    removeOnComplete: { age: 24 * 3600, count: 500 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** Options of a child (ingest or page) job of a report job. */
export function childJobOptions(
  config: RetryConfig,
  jobId: string,
  parent: { id: string; queue: string },
  priority?: number,
): JobsOptions {
  return {
    jobId,
    parent,
    attempts: 3,
    backoff: { type: 'exponential', delay: config.backoffMs },
    priority,
    // A failed read does not fail the parent by itself: the parent runs and records the reason.
    ignoreDependencyOnFailure: true,
    // The value lives on in the parent's processed set; the child itself need not stay long.
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export function reportJobData(
  report: Report,
  config: Pick<ServiceConfig, 'maxPages' | 'ocr' | 'minConfidence'>,
): ReportJobData {
  return {
    reportId: report.id,
    run: report.run,
    sha256: report.sha256,
    file: report.filePath,
    fileName: report.fileName,
    maxPages: config.maxPages,
    ocr: config.ocr,
    minConfidence: config.minConfidence,
    reprocessRunId: report.reprocessRunId,
    step: 'ingest',
  };
}

/** Adds the report's current run to the report queue (a no-op when that job exists). */
export async function enqueueReport(
  queues: Pick<Queues, 'report'>,
  config: RetryConfig & Pick<ServiceConfig, 'maxPages' | 'ocr' | 'minConfidence'>,
  report: Report,
): Promise<void> {
  const priority = report.reprocessRunId !== null ? BULK_PRIORITY : undefined;
  await queues.report.add(
    'report',
    reportJobData(report, config),
    reportJobOptions(config, report.id, report.run, priority),
  );
}
