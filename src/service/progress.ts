/**
 * Where a report's run is. The report worker writes its stage into its job's progress
 * (`ReportProgress`); `progressOf` reads it back for the API and the UI, with the pages read so
 * far counted from the job's finished children. Only this module reads BullMQ's job internals.
 */
import type { Report } from '../store/reports.js';
import { jobIds } from './jobIds.js';
import type { Queues } from './queues.js';
import { TimeoutError, withTimeout } from './timeout.js';

/** What the report job says of itself (job.updateProgress). */
export interface ReportProgress {
  stage: 'ingesting' | 'reading' | 'assembling' | 'storing';
  pages?: number;
}

export interface Progress {
  stage: 'queued' | ReportProgress['stage'] | 'done' | 'failed' | 'unknown';
  pagesTotal?: number;
  pagesDone?: number;
}

/** Where a run is, from its job (pages read so far = processed children less the ingest job). */
export async function progressOf(
  queues: Pick<Queues, 'report'>,
  report: Pick<Report, 'id' | 'status' | 'run' | 'pages'>,
): Promise<Progress> {
  if (report.status === 'queued') return { stage: 'queued' };
  if (report.status === 'failed') return { stage: 'failed' };
  if (report.status !== 'processing')
    return { stage: 'done', pagesTotal: report.pages ?? undefined, pagesDone: report.pages ?? undefined };
  const read = async (): Promise<Progress> => {
    const job = await queues.report.getJob(jobIds.report(report.id, report.run));
    if (!job) return { stage: 'unknown' };
    const p = (typeof job.progress === 'object' && job.progress ? job.progress : {}) as Partial<ReportProgress>;
    const stage = p.stage ?? 'ingesting';
    if (stage === 'ingesting' || p.pages === undefined) return { stage };
    if (stage !== 'reading') return { stage, pagesTotal: p.pages, pagesDone: p.pages };
    const deps = await job.getDependenciesCount({ processed: true, ignored: true });
    return { stage, pagesTotal: p.pages, pagesDone: Math.max(0, (deps.processed ?? 0) + (deps.ignored ?? 0) - 1) };
  };
  // A page must not hang on a Redis that does not answer: the progress is then unknown.
  return withTimeout(read(), 1000).catch((err: unknown) => {
    if (err instanceof TimeoutError) return { stage: 'unknown' } satisfies Progress;
    throw err;
  });
}
