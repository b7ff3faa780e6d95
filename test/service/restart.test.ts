/**
 * A stop and a start of the service on the same data dir and watched folder: files that arrived
 * while it was down are taken on start, the embedded database keeps what it had, and a file
 * still in progress at the stop is finished after the start.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReports } from '../../src/store/reports.js';
import { PROCESSED_DIR } from '../../src/workers/watcher.js';
import { distinctPdf } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { startTestService } from './helpers/service.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitForFile(path: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await sleep(100);
  }
}

describe('a restart of the service', () => {
  let redis: TestRedis;
  let dir: string;

  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'nianbao-restart-'));
  });

  afterAll(async () => {
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the files that arrived while it was down, and finishes what was in progress', async () => {
    const first = await startTestService({ redisUrl: redis.url, dir, watch: true });
    const watch = first.config.watchDir!;
    await writeFile(join(watch, 'before.pdf'), await distinctPdf(6000));
    await waitForFile(join(watch, PROCESSED_DIR, 'before.pdf'));
    // Dropped just before the stop: it may be admitted, queued or half done when the service stops.
    await writeFile(join(watch, 'at-stop.pdf'), await distinctPdf(6001, 3));
    await sleep(700);
    await first.stop();

    await writeFile(join(watch, 'while-down.pdf'), await distinctPdf(6002));
    const second = await startTestService({ redisUrl: redis.url, dir, watch: true });
    try {
      await waitForFile(join(watch, PROCESSED_DIR, 'while-down.pdf'));
      await waitForFile(join(watch, PROCESSED_DIR, 'at-stop.pdf'));
      const counts = await countReports(second.service.db!);
      expect(counts).toMatchObject({ queued: 0, processing: 0, failed: 0 });
      expect(counts.passed + counts.flagged).toBe(3);
      expect(existsSync(join(watch, 'while-down.pdf'))).toBe(false);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
