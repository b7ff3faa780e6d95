/**
 * The service end to end, in one process as `nianbao serve` runs it: a real redis-server of
 * its own, the embedded PGlite in a temp data dir, sandboxed page reads, the HTTP API and a
 * watched folder.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import type { ReportRecord } from '../../src/schema/record.js';
import { getReport, getVersion, listVersions } from '../../src/store/reports.js';
import { FAILED_DIR, PROCESSED_DIR } from '../../src/workers/watcher.js';
import { distinctPdf, HAVE_HONGZE, hongze, SKIP_HONGZE } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { startTestService, type TestService } from './helpers/service.js';

interface ReportResponse {
  id: number;
  file: string;
  sha256: string;
  status: string;
  error?: string;
  progress: { stage: string };
  record: ReportRecord | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Every file under `dir`, relative, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name).slice(dir.length + 1));
  return out.sort();
}

describe('nianbao serve', () => {
  let redis: TestRedis;
  let t: TestService;
  let watchDir: string;

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({ redisUrl: redis.url, watch: true, env: { NIANBAO_MAX_UPLOAD_MB: '3' } });
    watchDir = t.config.watchDir!;
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  const finished = async (id: number): Promise<ReportResponse> =>
    waitFor(`report ${id}`, async () => {
      const r = await t.json<ReportResponse>(`/api/reports/${id}`);
      return ['passed', 'flagged', 'failed'].includes(r.status) ? r : null;
    });

  describe('authentication', () => {
    it('answers 401 on /api without a valid token, and /healthz without one', async () => {
      const url = t.service.url!;
      for (const path of ['/api/reports', '/api/reports/1', '/api/reprocess']) {
        expect((await fetch(`${url}${path}`)).status).toBe(401);
        expect((await fetch(`${url}${path}`, { headers: { authorization: 'Bearer nbk_wrong' } })).status).toBe(401);
      }
      const form = new FormData();
      form.append('file', new Blob([await distinctPdf(401)]), 'x.pdf');
      expect((await fetch(`${url}/api/reports`, { method: 'POST', body: form })).status).toBe(401);
      expect((await fetch(`${url}/admin/queues`)).status).toBe(401);
      expect((await t.api('/admin/queues')).status).toBe(200);
      // a browser signs in to bull-board once (the form's token against login CSRF); the cookie opens /admin only
      const page = await fetch(`${url}/admin/login`);
      const formCookie = page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const post = (token: string): Promise<Response> =>
        fetch(`${url}/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
          body: `token=${token}&_csrf=${csrf}`,
          redirect: 'manual',
        });
      const login = await post(t.token);
      expect(login.status).toBe(303);
      const cookie = login.headers
        .getSetCookie()
        .find((c) => c.startsWith('nianbao_admin='))!
        .split(';')[0]!;
      expect((await fetch(`${url}/admin/queues`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(`${url}/api/reports`, { headers: { cookie } })).status).toBe(401);
      expect((await post('nbk_wrong')).status).toBe(401);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, redis: true, database: true });
    });
  });

  describe.runIf(HAVE_HONGZE)(`with the corpus report (${SKIP_HONGZE.split(':')[0]})`, () => {
    let expected: Awaited<ReturnType<typeof extractReport>>;
    // describe.runIf(…)'s own hook (biome does not see describe.runIf as a describe):
    // biome-ignore lint/suspicious/noDuplicateTestHooks: see above
    beforeAll(async () => {
      expected = await extractReport(new Uint8Array(hongze()), {
        fileName: 'hongze-district-2023.pdf',
        maxPages: 1000,
      });
    });

    it('stores an uploaded report equal to extractReport’s output', async () => {
      const res = await t.upload(hongze(), 'hongze-district-2023.pdf');
      expect(res.status).toBe(202);
      const { id, status } = (await res.json()) as { id: number; status: string };
      expect(status).toBe('queued');
      const report = await finished(id);
      expect(report.status).toBe(expected.record.validation.status);
      expect(report.record).toEqual(expected.record);
      expect(report.sha256).toBe(expected.record.source.sha256);
      const stored = await getReport(t.service.db!, id);
      const version = await getVersion(t.service.db!, stored!.currentVersionId!);
      expect(version!.text).toBe(expected.text);
      expect(version!.extractorVersion).toBe(expected.record.extractor.version);
      // the bytes are kept under their hash, nowhere else
      expect(await readFile(join(t.config.dataDir, stored!.filePath))).toEqual(hongze());
    });

    it(
      'stores a report dropped in the watched folder equal to ' + 'extractReport’s output, and moves it to processed/',
      async () => {
        // Other bytes than the upload's (a comment after %%EOF), so this is a new report of its own.
        const data = Buffer.concat([hongze(), Buffer.from('\n% dropped in the watched folder\n')]);
        const expectedDrop = await extractReport(new Uint8Array(data), { fileName: 'dropped.pdf' });
        await writeFile(join(t.dir, 'dropped.pdf'), data);
        await copyFile(join(t.dir, 'dropped.pdf'), join(watchDir, 'dropped.pdf'));
        const moved = join(watchDir, PROCESSED_DIR, 'dropped.pdf');
        await waitFor('dropped.pdf in processed/', async () => existsSync(moved));
        expect(existsSync(join(watchDir, 'dropped.pdf'))).toBe(false);
        expect(await readFile(moved)).toEqual(data); // moved, never changed
        const rows = await t.service.db!.query<{ report_id: number }>(
          `SELECT report_id FROM intake_files WHERE name = 'dropped.pdf'`,
        );
        expect(rows.rows).toHaveLength(1);
        const report = await t.json<ReportResponse>(`/api/reports/${rows.rows[0]!.report_id}`);
        expect(report.record).toEqual(expectedDrop.record);
        expect(report.record?.cells).toEqual(expected.record.cells);
      },
    );
  });

  it('reads a file copied slowly into the folder once, whole', async () => {
    const data = await distinctPdf(1001, 3);
    const path = join(watchDir, 'slow.pdf');
    const out = createWriteStream(path);
    const chunks = 10;
    const size = Math.ceil(data.length / chunks);
    for (let i = 0; i < chunks; i++) {
      out.write(data.subarray(i * size, (i + 1) * size));
      await sleep(200); // 10 chunks 200 ms apart (~2 s): each gap is shorter than the 500 ms stable wait
    }
    await new Promise<void>((r) => out.end(r));
    const moved = join(watchDir, PROCESSED_DIR, 'slow.pdf');
    await waitFor('slow.pdf in processed/', async () => existsSync(moved));
    const rows = await t.service.db!.query<{ report_id: number }>(
      `SELECT report_id FROM intake_files WHERE name = 'slow.pdf'`,
    );
    expect(rows.rows).toHaveLength(1); // read once
    const report = await t.json<ReportResponse>(`/api/reports/${rows.rows[0]!.report_id}`);
    const expected = await extractReport(new Uint8Array(data), { fileName: 'slow.pdf' });
    expect(report.record).toEqual(expected.record); // whole: all three pages
    expect(report.record!.source.pages).toBe(3);
    expect(await listVersions(t.service.db!, rows.rows[0]!.report_id)).toHaveLength(1);
  }, 60_000);

  it('moves a corrupt PDF to failed/ with its reason beside it, at once (no retries)', async () => {
    const good = await distinctPdf(1002);
    const started = Date.now();
    await writeFile(join(watchDir, 'broken.pdf'), good.subarray(0, Math.floor(good.length / 3)));
    const moved = join(watchDir, FAILED_DIR, 'broken.pdf');
    await waitFor('broken.pdf in failed/', async () => existsSync(`${moved}.error.txt`));
    expect(existsSync(moved)).toBe(true);
    const reason = await readFile(`${moved}.error.txt`, 'utf8');
    expect(reason).toMatch(/PDF/);
    const rows = await t.service.db!.query<{ report_id: number }>(
      `SELECT report_id FROM intake_files WHERE name = 'broken.pdf'`,
    );
    const report = await t.json<ReportResponse>(`/api/reports/${rows.rows[0]!.report_id}`);
    expect(report.status).toBe('failed');
    expect(report.error).toBe(reason.split('\n')[0]);
    // one attempt: a permanent fault is not retried (retries would add backoff seconds)
    const job = await t.service.queues.page.getJob(`ingest-${report.id}-1`);
    expect(job?.attemptsMade).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('keeps one report for the same file uploaded twice and dropped twice', async () => {
    const data = await distinctPdf(1003);
    const first = (await (await t.upload(data, 'twice.pdf')).json()) as { id: number; duplicate: boolean };
    const second = await t.upload(data, 'twice-again.pdf');
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ id: first.id, duplicate: true });
    await writeFile(join(watchDir, 'copy-1.pdf'), data);
    await writeFile(join(watchDir, 'copy-2.pdf'), data);
    await waitFor(
      'both copies in processed/',
      async () =>
        existsSync(join(watchDir, PROCESSED_DIR, 'copy-1.pdf')) &&
        existsSync(join(watchDir, PROCESSED_DIR, 'copy-2.pdf')),
    );
    const bySha = await t.service.db!.query<{ n: number }>('SELECT count(*)::int AS n FROM reports WHERE sha256 = $1', [
      (await finished(first.id)).sha256,
    ]);
    expect(bySha.rows[0]!.n).toBe(1);
    expect(await listVersions(t.service.db!, first.id)).toHaveLength(1);
    const intake = await t.service.db!.query<{ report_id: number }>(
      `SELECT DISTINCT report_id FROM intake_files WHERE name LIKE 'copy-%'`,
    );
    expect(intake.rows).toEqual([{ report_id: first.id }]);
  }, 30_000);

  it('keeps a file of the same name in processed/ and adds the next one beside it', async () => {
    await writeFile(join(watchDir, 'same-name.pdf'), await distinctPdf(1004));
    await waitFor('first same-name.pdf', async () => existsSync(join(watchDir, PROCESSED_DIR, 'same-name.pdf')));
    await writeFile(join(watchDir, 'same-name.pdf'), await distinctPdf(1005));
    await waitFor('second same-name.pdf', async () => existsSync(join(watchDir, PROCESSED_DIR, 'same-name (2).pdf')));
    expect(await readFile(join(watchDir, PROCESSED_DIR, 'same-name.pdf'))).toEqual(await distinctPdf(1004));
  }, 30_000);

  it('lets no path from an upload’s file name reach the file system', async () => {
    const before = await filesUnder(t.dir);
    const data = await distinctPdf(1006);
    for (const name of ['../../evil.pdf', '..\\..\\evil.pdf', '/etc/evil.pdf', '../data/files/evil.pdf']) {
      const res = await t.upload(name === '../../evil.pdf' ? data : await distinctPdf(1006 + name.length), name);
      expect([200, 202]).toContain(res.status);
      const { id } = (await res.json()) as { id: number };
      const report = await finished(id);
      expect(report.file).toBe('evil.pdf');
      expect(report.record?.source.file).toBe('evil.pdf');
    }
    const after = await filesUnder(t.dir);
    const added = after.filter((f) => !before.includes(f));
    // only content-addressed files (and the database's own) appeared
    expect(added.filter((f) => !/^data\/(files\/[0-9a-f]{2}\/[0-9a-f]{62}\.pdf|db\/.*)$/.test(f))).toEqual([]);
    expect(after.some((f) => f.includes('evil'))).toBe(false);
    expect(existsSync(join(t.dir, '..', 'evil.pdf'))).toBe(false);
  }, 30_000);

  it('refuses what is not a PDF, and files over the size limit', async () => {
    const notPdf = await t.upload(Buffer.from('这不是PDF'), 'notes.pdf');
    expect(notPdf.status).toBe(415);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4 * 1024 * 1024, 0x20)]);
    const tooBig = await t.upload(big, 'big.pdf');
    expect(tooBig.status).toBe(413);
    const noFile = await t.api('/api/reports', { method: 'POST', body: new FormData() });
    expect(noFile.status).toBe(400);
    // nothing of them was kept
    expect((await readdir(join(t.config.dataDir, 'tmp'))).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('re-processes a report on request, keeping each run as a version', async () => {
    const data = await distinctPdf(1007);
    const { id } = (await (await t.upload(data, 'again.pdf')).json()) as { id: number };
    const first = await finished(id);
    const res = await t.api(`/api/reports/${id}/reprocess`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id, status: 'queued', run: 2 });
    const busy = await t.api(`/api/reports/${id}/reprocess`, { method: 'POST' });
    expect([202, 409]).toContain(busy.status); // 409 while the second run is still queued or processing
    const second = await waitFor('run 2', async () => {
      const r = await getReport(t.service.db!, id);
      return r && r.run >= 2 && ['passed', 'flagged'].includes(r.status) && r ? r : null;
    });
    const versions = await listVersions(t.service.db!, id);
    expect(versions.map((v) => v.run)).toEqual(Array.from({ length: second.run }, (_, i) => i + 1));
    expect((await t.json<ReportResponse>(`/api/reports/${id}`)).record).toEqual(first.record);
    expect((await t.api('/api/reports/999999/reprocess', { method: 'POST' })).status).toBe(404);
  }, 30_000);

  it('re-processes in bulk, with progress in the API', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(((await (await t.upload(await distinctPdf(2000 + i), `bulk-${i}.pdf`)).json()) as { id: number }).id);
    await t.waitFinished(ids);
    const res = await t.api('/api/reprocess', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ all: true }),
    });
    expect(res.status).toBe(202);
    const run = (await res.json()) as { id: number; total: number };
    expect(run.total).toBeGreaterThanOrEqual(3);
    const done = await waitFor(
      'bulk run finished',
      async () => {
        const r = await t.json<{
          finished: boolean;
          items: { done: number; failed: number; skipped: number };
          total: number;
        }>(`/api/reprocess/${run.id}`);
        return r.finished ? r : null;
      },
      60_000,
    );
    expect(done.items.done + done.items.failed + done.items.skipped).toBe(done.total);
    for (const id of ids) expect((await getReport(t.service.db!, id))!.run).toBe(2);
    expect((await t.json<{ items: unknown[] }>('/api/reprocess')).items.length).toBeGreaterThanOrEqual(1);
    expect(
      (await t.api('/api/reprocess', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }))
        .status,
    ).toBe(400);
  }, 90_000);

  it('lists reports with filters', async () => {
    const all = await t.json<{ items: { id: number; status: string; file: string }[] }>('/api/reports?limit=1000');
    expect(all.items.length).toBeGreaterThan(5);
    const failed = await t.json<{ items: { status: string }[] }>('/api/reports?status=failed');
    expect(failed.items.length).toBeGreaterThanOrEqual(1);
    expect(failed.items.every((r) => r.status === 'failed')).toBe(true);
    const structure = await t.json<{ items: { id: number }[] }>('/api/reports?rule=report.structure');
    expect(structure.items.length).toBeGreaterThanOrEqual(1);
    if (HAVE_HONGZE) {
      const hz = await t.json<{ items: { agency: string; year: number }[] }>(
        `/api/reports?year=2023&agency=${encodeURIComponent('洪泽')}`,
      );
      expect(hz.items.length).toBe(2); // the upload and the watched-folder copy
    }
    expect((await t.api('/api/reports?status=bogus')).status).toBe(400);
    expect(
      (await t.json<{ items: unknown[] }>('/api/reports?status=&year=&agency=&rule=&limit=1000')).items,
    ).toHaveLength(all.items.length);
    const paged = await t.json<{ items: { id: number }[]; next: number | null }>('/api/reports?limit=2');
    expect(paged.items).toHaveLength(2);
    const next = await t.json<{ items: { id: number }[] }>(`/api/reports?limit=2&after=${paged.next}`);
    expect(next.items[0]!.id).toBeGreaterThan(paged.items[1]!.id);
  });

  it('answers 404 for unknown reports and serves the stored PDF', async () => {
    expect((await t.api('/api/reports/424242')).status).toBe(404);
    expect((await t.api('/api/reports/abc')).status).toBe(400);
    const data = await distinctPdf(1008);
    const { id } = (await (await t.upload(data, '下载.pdf')).json()) as { id: number };
    const file = await t.api(`/api/reports/${id}/file`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(data);
    expect((await stat(join(t.config.dataDir, 'files'))).isDirectory()).toBe(true);
  });
});
