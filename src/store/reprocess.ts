/**
 * Bulk re-processing runs: which reports a request selected and how far each has got.
 * A run is created once per request (request_id is the queue job's id), with one item per
 * report; items move pending → started → done | failed (skipped when the report was busy).
 */
import { z } from 'zod';
import type { Queryable } from './db.js';
import { agencyKey } from './reports.js';

export const reprocessFilterSchema = z
  .object({
    all: z.boolean().optional(),
    year: z.number().int().min(1900).max(2200).optional(),
    agency: z.string().min(1).max(200).optional(),
    /** Reports whose latest run was made by an extractor older than this version. */
    extractorOlderThan: z
      .string()
      .regex(/^\d+(\.\d+)*([-+].*)?$/)
      .optional(),
  })
  .strict()
  .refine(
    (f) => f.all === true || f.year !== undefined || f.agency !== undefined || f.extractorOlderThan !== undefined,
    {
      message: 'say which reports: all, year, agency or extractorOlderThan',
    },
  );
export type ReprocessFilter = z.infer<typeof reprocessFilterSchema>;

export type ItemState = 'pending' | 'started' | 'done' | 'failed' | 'skipped';

/** Compares dotted numeric versions (1.10.0 > 1.9.2); a pre-release suffix sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): { nums: number[]; pre: boolean } => {
    const [core = '', ...rest] = v.split(/[-+]/);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: rest.length > 0 && v.includes('-') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre !== y.pre) return x.pre ? -1 : 1;
  return 0;
}

/** Ids of the reports the filter selects (all conditions must hold). */
export async function selectReports(db: Queryable, filter: ReprocessFilter): Promise<number[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.year !== undefined) {
    params.push(filter.year);
    where.push(`year = $${params.length}`);
  }
  if (filter.agency !== undefined) {
    params.push(agencyKey(filter.agency) ?? '');
    where.push(`strpos(agency_key, $${params.length}) > 0`);
  }
  const r = await db.query<{ id: number; extractor_version: string | null }>(
    `SELECT id, extractor_version FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    params,
  );
  const older = filter.extractorOlderThan;
  return r.rows
    .filter(
      (row) =>
        older === undefined || row.extractor_version === null || compareVersions(row.extractor_version, older) < 0,
    )
    .map((row) => row.id);
}

export interface RunSummary {
  id: number;
  trigger: string;
  /** Who asked: a user, token:<name>, cli:<OS user>, schedule. */
  requestedBy: string;
  filter: ReprocessFilter;
  total: number;
  createdAt: Date;
  items: Record<ItemState, number>;
  finished: boolean;
}

/** Creates the run and its items, once per request id. */
export async function createRun(
  db: Queryable,
  input: {
    requestId: string;
    trigger: string;
    filter: ReprocessFilter;
    reportIds: readonly number[];
    requestedBy: string;
  },
): Promise<{ runId: number; created: boolean }> {
  const inserted = await db.query<{ id: number }>(
    `INSERT INTO reprocess_runs (request_id, trigger, filter, total, requested_by) VALUES ($1, $2, $3::jsonb, $4, ` +
      `$5) ON CONFLICT (request_id) DO NOTHING RETURNING id`,
    [input.requestId, input.trigger, JSON.stringify(input.filter), input.reportIds.length, input.requestedBy],
  );
  const runId = inserted.rows[0]?.id;
  if (runId === undefined) {
    const existing = await db.query<{ id: number }>('SELECT id FROM reprocess_runs WHERE request_id = $1', [
      input.requestId,
    ]);
    return { runId: existing.rows[0]!.id, created: false };
  }
  if (input.reportIds.length > 0) {
    await db.query(
      `INSERT INTO reprocess_items (run_id, report_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
      [runId, [...input.reportIds]],
    );
  }
  return { runId, created: true };
}

export async function setItemState(
  db: Queryable,
  runId: number,
  reportId: number,
  state: ItemState,
  reportRun?: number | null,
): Promise<void> {
  await db.query(
    `UPDATE reprocess_items SET state = $3, report_run = COALESCE($4, report_run), updated_at = now() WHERE run_id = ` +
      `$1 AND report_id = $2`,
    [runId, reportId, state, reportRun ?? null],
  );
}

/** The state of a run's item for a report; null when the run has no such item. */
export async function getItemState(db: Queryable, runId: number, reportId: number): Promise<ItemState | null> {
  const r = await db.query<{ state: ItemState }>(
    'SELECT state FROM reprocess_items WHERE run_id = $1 AND report_id = $2',
    [runId, reportId],
  );
  return r.rows[0]?.state ?? null;
}

/** Items still pending whose last change is older than `olderThanMs` (the reconciler re-queues them). */
export async function stalePendingItems(
  db: Queryable,
  olderThanMs: number,
  limit = 1000,
): Promise<{ runId: number; reportId: number }[]> {
  const r = await db.query<{ run_id: number; report_id: number }>(
    `SELECT run_id, report_id FROM reprocess_items WHERE state = 'pending' AND updated_at < now() - ($1::int * ` +
      `interval '1 millisecond') ORDER BY run_id, report_id LIMIT $2`,
    [Math.max(0, Math.round(olderThanMs)), limit],
  );
  return r.rows.map((row) => ({ runId: row.run_id, reportId: row.report_id }));
}

interface RunRow {
  id: number;
  trigger: string;
  requested_by: string | null;
  filter: ReprocessFilter;
  total: number;
  created_at: Date;
}

async function summarise(db: Queryable, rows: RunRow[]): Promise<RunSummary[]> {
  if (rows.length === 0) return [];
  const counts = await db.query<{ run_id: number; state: ItemState; n: number }>(
    `SELECT run_id, state, count(*)::int AS n FROM reprocess_items WHERE run_id = ANY ($1::int[]) GROUP BY run_id, ` +
      `state`,
    [rows.map((r) => r.id)],
  );
  return rows.map((run) => {
    const items: Record<ItemState, number> = { pending: 0, started: 0, done: 0, failed: 0, skipped: 0 };
    for (const c of counts.rows) if (c.run_id === run.id) items[c.state] = c.n;
    return {
      id: run.id,
      trigger: run.trigger,
      requestedBy: run.requested_by ?? run.trigger,
      filter: run.filter,
      total: run.total,
      createdAt: run.created_at,
      items,
      finished: items.pending === 0 && items.started === 0,
    };
  });
}

export async function getRun(db: Queryable, id: number): Promise<RunSummary | null> {
  const r = await db.query<RunRow>(
    'SELECT id, trigger, requested_by, filter, total, created_at FROM reprocess_runs WHERE id = $1',
    [id],
  );
  return (await summarise(db, r.rows))[0] ?? null;
}

export async function listRuns(db: Queryable, limit = 50): Promise<RunSummary[]> {
  const r = await db.query<RunRow>(
    'SELECT id, trigger, requested_by, filter, total, created_at FROM reprocess_runs ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return summarise(db, r.rows);
}
