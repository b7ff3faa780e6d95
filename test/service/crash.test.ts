/**
 * Faults: a worker process killed with SIGKILL in the middle of a page read, and Redis
 * restarted (losing everything: the tests run it without persistence) in the middle of a run.
 * Neither may lose or duplicate a report or a watched file, and neither may need a hand to
 * recover. (PostgreSQL restarted and a full disk: faults.test.ts; the watched folder: watch.test.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getReport, listVersions, getVersion, type Report } from '../../src/store/reports.js';
import { expectAccounted, sleep, waitFor, waitSettled } from './helpers/faults.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { distinctPdf, HAVE_HONGZE, hongze, slowPdf } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { startTestService, type TestService } from './helpers/service.js';

describe('a worker killed with SIGKILL mid-job', () => {
  let redis: TestRedis;
  let t: TestService;
  const workers = new Map<string, ChildProcess>();
  const stderr = new Map<string, string>();

  const startWorker = (name: string): ChildProcess => {
    const child = spawn(process.execPath, ['bin/nianbao.js', 'worker', '--concurrency', '1', '--name', name], {
      cwd: PROJECT_ROOT,
      // Its own process group, so the kill takes its sandboxed children with it, as a machine dying would.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        REDIS_URL: redis.url,
        NIANBAO_DATA_DIR: t.config.dataDir,
        DATABASE_URL: '', // page reads only: the embedded database stays with the serving process
        NIANBAO_LOCK_DURATION_MS: '1500',
        NIANBAO_STALLED_INTERVAL_MS: '500',
        NIANBAO_MAX_STALLED: '3',
        NIANBAO_LOG_LEVEL: 'warn',
      },
    });
    stderr.set(name, '');
    child.stderr!.on('data', (c: Buffer) => stderr.set(name, (stderr.get(name) ?? '') + c.toString()));
    workers.set(name, child);
    return child;
  };

  beforeAll(async () => {
    redis = await startRedis();
    // serve without page readers of its own: every page is read by the worker processes
    t = await startTestService({ redisUrl: redis.url, env: { NIANBAO_CONCURRENCY: '0' } });
    startWorker('worker-A');
    startWorker('worker-B');
    await waitFor(
      'both workers connected',
      async () => {
        const names = (await t.service.queues.page.getWorkers()).map((w) => String(w.rawname ?? ''));
        return names.some((n) => n.endsWith(':w:worker-A')) && names.some((n) => n.endsWith(':w:worker-B'));
      },
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    for (const child of workers.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  it('completes the job on the other worker, with nothing lost', async () => {
    const data = await slowPdf(16, 1);
    const expected = await extractReport(new Uint8Array(data), { fileName: 'slow-pages.pdf' });
    const res = await t.upload(data, 'slow-pages.pdf');
    const { id } = (await res.json()) as { id: number };

    // Wait until worker A is in the middle of reading a page, then kill it (and its sandbox).
    const victim = await waitFor(
      'a page read on worker-A',
      async () =>
        (await t.service.queues.page.getActive()).find((j) => j.name === 'page' && j.processedBy === 'worker-A'),
      60_000,
      10,
    );
    const a = workers.get('worker-A')!;
    const exited = new Promise<NodeJS.Signals | null>((r) => a.once('exit', (_code, signal) => r(signal)));
    process.kill(-a.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const [report] = await t.waitFinished([id], 90_000);
    expect(report!.status).toBe(expected.record.validation.status);
    const version = await getVersion(t.service.db!, report!.currentVersionId!);
    expect(version!.record).toEqual(expected.record);
    expect(await listVersions(t.service.db!, id)).toHaveLength(1);

    // The page A was reading was taken over by B after A's lock ran out.
    const recovered = await t.service.queues.page.getJob(victim.id!);
    expect(await recovered!.getState()).toBe('completed');
    expect(recovered!.processedBy).toBe('worker-B');
    expect(recovered!.attemptsStarted).toBeGreaterThanOrEqual(2);
    // Every page was read; none failed.
    expect(await t.service.queues.page.getFailedCount()).toBe(0);
    await expectAccounted(t, { dropped: [], reports: [report!], distinctInputs: 1 });
  }, 120_000);

  it('stops the remaining worker gracefully on SIGTERM', async () => {
    const b = workers.get('worker-B')!;
    const exited = new Promise<number | null>((r) => b.once('exit', (code) => r(code)));
    process.kill(b.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr.get('worker-B')).not.toMatch(/"level":50/); // no errors logged
  }, 60_000);
});

describe('Redis restarted mid-run', () => {
  let redis: TestRedis;
  let t: TestService;

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({ redisUrl: redis.url, watch: true });
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  it('recovers without manual action: every report finishes once', async () => {
    const inputs: { name: string; data: Buffer }[] = [];
    if (HAVE_HONGZE) inputs.push({ name: 'hongze-district-2023.pdf', data: hongze() });
    for (let i = 0; i < 12; i++) inputs.push({ name: `before-${i}.pdf`, data: await distinctPdf(3000 + i, 2) });
    const ids: number[] = [];
    for (const input of inputs)
      ids.push(((await (await t.upload(input.data, input.name)).json()) as { id: number }).id);
    const dropped = ['redis-watched-0.pdf', 'redis-watched-1.pdf'];
    for (const [i, name] of dropped.entries())
      await writeFile(join(t.config.watchDir!, name), await distinctPdf(3300 + i, 2));

    // Redis dies with jobs waiting, active and waiting for their children, and comes back empty.
    const before = await t.service.db!.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reports WHERE status IN ('queued', 'processing')`,
    );
    await redis.kill();
    expect(before.rows[0]!.n).toBeGreaterThan(0); // the kill did hit a run in progress
    const down = await fetch(`${t.service.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ redis: false, database: true });
    // Uploads while Redis is away are accepted and queued once it is back.
    const during = await distinctPdf(3100, 1);
    const duringRes = await t.upload(during, 'during.pdf');
    expect(duringRes.status).toBe(202);
    inputs.push({ name: 'during.pdf', data: during });
    ids.push(((await duringRes.json()) as { id: number }).id);
    await sleep(1000);
    await redis.start();

    for (let i = 0; i < 3; i++) {
      const data = await distinctPdf(3200 + i, 1);
      inputs.push({ name: `after-${i}.pdf`, data });
      ids.push(((await (await t.upload(data, `after-${i}.pdf`)).json()) as { id: number }).id);
    }
    const reports = await t.waitFinished(ids, 120_000);
    expect(reports.map((r) => r.status).filter((s) => s === 'failed')).toEqual([]);
    for (const [k, report] of reports.entries()) {
      const versions = await listVersions(t.service.db!, report.id);
      expect(versions).toHaveLength(1); // stored once, not twice
      if (k === 0 || k === reports.length - 1) {
        const expected = await extractReport(new Uint8Array(inputs[k]!.data), { fileName: inputs[k]!.name });
        expect((await getVersion(t.service.db!, report.currentVersionId!))!.record).toEqual(expected.record);
      }
    }
    await waitFor('healthz 200', async () => (await fetch(`${t.service.url}/healthz`)).status === 200);
    await waitSettled(t, dropped);
    const all = (await t.service.db!.query<{ id: number }>('SELECT id FROM reports ORDER BY id')).rows;
    await expectAccounted(t, {
      dropped,
      reports: (await Promise.all(all.map((r) => getReport(t.service.db!, r.id)))) as Report[],
      distinctInputs: inputs.length + dropped.length,
    });
  }, 180_000);
});
