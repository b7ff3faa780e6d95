/** The lock and stalled-check settings every worker shares (short in tests, 30 s by default). */
import type { WorkerOptions } from 'bullmq';
import type { ServiceConfig } from '../service/config.js';

export function workerTimings(
  config: Pick<ServiceConfig, 'lockDurationMs' | 'stalledIntervalMs' | 'maxStalledCount'>,
): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  return {
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
  };
}
