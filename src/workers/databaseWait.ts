/**
 * A job that finds the database unreachable (PostgreSQL stopped or restarting) is not at fault:
 * it goes back to the delayed set without counting an attempt (BullMQ's moveToDelayed skips the
 * attempt count) and resumes at its saved step once the database answers. Its waits grow from
 * NIANBAO_BACKOFF_MS up to 15 s and never run out.
 */
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { isConnectionFault } from '../store/db.js';

const MAX_WAIT_MS = 15_000;

/** Throws DelayedError (the job waits) when `err` is a connection fault; returns otherwise. */
export async function waitForDatabase(
  job: Job,
  token: string | undefined,
  err: unknown,
  backoffMs: number,
  log: Logger,
): Promise<void> {
  if (!token || !isConnectionFault(err)) return;
  const waits = (Number((job.data as { dbWaits?: unknown }).dbWaits) || 0) + 1;
  const delay = Math.min(backoffMs * 2 ** Math.min(waits - 1, 10), MAX_WAIT_MS);
  log.warn(
    { jobId: job.id, delayMs: delay, waits },
    'the database is not reachable: the job waits for it (not counted as an attempt)',
  );
  await job.updateData({ ...(job.data as object), dbWaits: waits });
  await job.moveToDelayed(Date.now() + delay, token);
  throw new DelayedError();
}
