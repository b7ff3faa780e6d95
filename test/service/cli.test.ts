/**
 * The service's commands as a user runs them: `nianbao serve` (and its errors without Redis),
 * `nianbao token create`, `nianbao reprocess`, graceful stop on SIGTERM; and the cron schedule
 * of bulk re-processing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userInfo } from 'node:os';
import { openStore } from '../../src/store/index.js';
import { getReport } from '../../src/store/reports.js';
import { listAudit } from '../../src/store/review.js';
import { listRuns } from '../../src/store/reprocess.js';
import { SCHEDULER_ID } from '../../src/workers/reprocess.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { distinctPdf } from './helpers/pdfs.js';
import { freePort, startRedis, type TestRedis } from './helpers/redis.js';
import { startTestService } from './helpers/service.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nianbao(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/nianbao.js', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function upload(url: string, token: string, data: Buffer, name: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  return fetch(`${url}/api/reports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
}

describe('nianbao serve without Redis', () => {
  it('says REDIS_URL is missing and how to start Redis', async () => {
    const r = await nianbao(['serve'], { REDIS_URL: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/REDIS_URL is not set/);
    expect(r.stderr).toMatch(/redis-server --port 6379/);
  });

  it('says Redis cannot be reached, and how to start it', async () => {
    const port = await freePort();
    const r = await nianbao(['worker'], { REDIS_URL: `redis://127.0.0.1:${port}`, NIANBAO_REDIS_WAIT_MS: '300' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1/);
    expect(r.stderr).toMatch(/export REDIS_URL=/);
  });
});

describe('nianbao serve, token and reprocess', () => {
  let redis: TestRedis;
  let dir: string;
  let serve: ChildProcess;
  let url: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'nianbao-cli-'));
    env = {
      REDIS_URL: redis.url,
      NIANBAO_DATA_DIR: join(dir, 'data'),
      NIANBAO_LOG_LEVEL: 'warn',
      NIANBAO_CONCURRENCY: '1',
      NIANBAO_RECONCILE_MS: '1000',
    };
  }, 60_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('creates a token, serves, takes a token made while serving, re-processes, and stops on SIGTERM', async () => {
    const created = await nianbao(['token', 'create', '--name', 'first'], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^nbk_[A-Za-z0-9_-]{43}$/);

    const port = await freePort();
    serve = spawn(process.execPath, ['bin/nianbao.js', 'serve', '--port', String(port)], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let serveErr = '';
    serve.stderr!.on('data', (c: Buffer) => (serveErr += c.toString()));
    url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }
    expect(serveErr).toMatch(new RegExp(`API on ${url}`));

    const res = await upload(url, token, await distinctPdf(7000), 'cli.pdf');
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };

    // The embedded database is held by serve: the new token waits in the data dir until first used.
    const second = await nianbao(['token', 'create', '--name', 'second'], env);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/held by a running nianbao serve/);
    const late = second.stdout.trim();
    expect((await fetch(`${url}/api/reports/${id}`, { headers: { authorization: `Bearer ${late}` } })).status).toBe(
      200,
    );
    for (let i = 0; i < 100; i++) {
      const r = (await (
        await fetch(`${url}/api/reports/${id}`, { headers: { authorization: `Bearer ${late}` } })
      ).json()) as { status: string };
      if (r.status === 'passed' || r.status === 'flagged') break;
      await sleep(100);
    }
    const reprocess = await nianbao(['reprocess', '--all', '--wait'], env);
    expect(reprocess.code).toBe(0);
    const runId = Number(/re-processing run (\d+): 1 reports/.exec(reprocess.stdout)?.[1]);
    expect(runId).toBeGreaterThan(0);
    let finished = false;
    for (let i = 0; i < 200 && !finished; i++) {
      finished = (
        (await (
          await fetch(`${url}/api/reprocess/${runId}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { finished: boolean }
      ).finished;
      if (!finished) await sleep(100);
    }
    expect(finished).toBe(true);
    const badFilter = await nianbao(['reprocess'], env);
    expect(badFilter.code).toBe(2);

    const exited = new Promise<number | null>((r) => serve.once('exit', (code) => r(code)));
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serveErr).not.toMatch(/"level":(50|60)/);
    // The bulk run asked for on the command line is in the report's audit trail, with who asked.
    const db = await openStore({ databaseUrl: null, dataDir: env.NIANBAO_DATA_DIR! });
    try {
      const trail = await listAudit(db, id);
      expect(trail.find((e) => e.action === 'reprocess')).toMatchObject({
        userName: `cli:${userInfo().username}`,
        newValue: 'run 2',
        detail: { bulkRun: runId },
      });
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('scheduled bulk re-processing', () => {
  it('runs the cron job scheduler with the configured filter', async () => {
    const redis = await startRedis();
    const t = await startTestService({
      redisUrl: redis.url,
      env: { NIANBAO_REPROCESS_CRON: '*/2 * * * * *', NIANBAO_REPROCESS_FILTER: '{"all":true}' },
    });
    try {
      expect(await t.service.queues.reprocess.getJobScheduler(SCHEDULER_ID)).toMatchObject({
        pattern: '*/2 * * * * *',
      });
      const { id } = (await (await t.upload(await distinctPdf(7100), 'scheduled.pdf')).json()) as { id: number };
      await t.waitFinished([id]);
      for (let i = 0; i < 150; i++) {
        const report = await getReport(t.service.db!, id);
        if (report && report.run >= 2 && ['passed', 'flagged'].includes(report.status)) break;
        await sleep(100);
      }
      expect((await getReport(t.service.db!, id))!.run).toBeGreaterThanOrEqual(2);
      const runs = await listRuns(t.service.db!);
      expect(runs.some((r) => r.trigger === 'schedule' && r.filter.all === true)).toBe(true);
      expect((await listAudit(t.service.db!, id)).find((e) => e.action === 'reprocess')).toMatchObject({
        userName: 'schedule',
        reason: 'bulk re-processing',
      });
    } finally {
      await t.stop();
      await redis.stop();
    }
  }, 60_000);
});
