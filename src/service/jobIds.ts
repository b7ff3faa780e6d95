/**
 * Job ids, fixed per (report, run, page) and (bulk run, report): adding a job twice is a no-op,
 * which is what makes retries, stalled-job recovery and the reconciler safe. Made and read
 * back here only.
 */

export const jobIds = {
  report: (reportId: number, run: number) => `report-${reportId}-${run}`,
  ingest: (reportId: number, run: number) => `ingest-${reportId}-${run}`,
  page: (reportId: number, run: number, page: number) => `page-${reportId}-${run}-${page}`,
  item: (runId: number, reportId: number) => `item-${runId}-${reportId}`,
};

export type ParsedJobId =
  | { kind: 'report' | 'ingest'; reportId: number; run: number }
  | { kind: 'page'; reportId: number; run: number; page: number }
  | { kind: 'item'; runId: number; reportId: number };

/** A job id, or a BullMQ job key (prefix:queue:jobId), read back; null when it is none of ours. */
export function parseJobId(idOrKey: string): ParsedJobId | null {
  const id = idOrKey.slice(idOrKey.lastIndexOf(':') + 1);
  const m = /^(report|ingest|page|item)-(\d+)-(\d+)(?:-(\d+))?$/.exec(id);
  if (!m) return null;
  const [, kind, a, b, c] = m;
  if (kind === 'page') return c === undefined ? null : { kind, reportId: Number(a), run: Number(b), page: Number(c) };
  if (c !== undefined) return null;
  if (kind === 'item') return { kind, runId: Number(a), reportId: Number(b) };
  return { kind: kind as 'report' | 'ingest', reportId: Number(a), run: Number(b) };
}
