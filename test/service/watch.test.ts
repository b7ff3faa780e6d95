/**
 * The watched folder under attack and faults (issue 11): a symlink dropped in it, a copy that
 * pauses half-way, a damaged file replaced while it is still in its grace period, a file over
 * the upload limit. Each is read once and whole or left alone with its reason, and afterwards
 * every file is accounted for in processed/ or failed/ with no report twice.
 */
import { existsSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { getReport, getReportBySha, getVersion, type Report } from '../../src/store/reports.js';
import { FAILED_DIR, PROCESSED_DIR } from '../../src/workers/watcher.js';
import { expectAccounted, sleep, waitFor, waitSettled } from './helpers/faults.js';
import { distinctPdf } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { capturingLogger, startTestService, type TestService } from './helpers/service.js';
import { createHash } from 'node:crypto';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('the watched folder', () => {
  let redis: TestRedis;
  let t: TestService;
  let watch: string;
  const captured = capturingLogger();
  /** Names dropped that must end in processed/ or failed/, and the reports they made. */
  const dropped: string[] = [];
  const reportIds = new Set<number>();
  let distinct = 0;

  const reportsOfName = async (name: string): Promise<number[]> =>
    (
      await t.service.db!.query<{ report_id: number }>(
        'SELECT DISTINCT report_id FROM intake_files WHERE name = $1 ORDER BY report_id',
        [name],
      )
    ).rows.map((r) => r.report_id);

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({
      redisUrl: redis.url,
      watch: true,
      log: captured.log,
      env: { NIANBAO_MAX_UPLOAD_MB: '1', NIANBAO_WATCH_GRACE_S: '5' },
    });
    watch = t.config.watchDir!;
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  it('leaves a symlink alone (with a log line) and never reads what it points to', async () => {
    const secret = await distinctPdf(7001);
    const outside = join(t.dir, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.pdf'), secret);
    await writeFile(join(outside, 'secret.txt'), 'password=hunter2\n');
    await symlink(join(outside, 'secret.pdf'), join(watch, 'link.pdf'));
    await symlink(join(outside, 'secret.txt'), join(watch, 'text-link.pdf'));
    // A regular file dropped after them: once it is through, the links have been looked at.
    const marker = await distinctPdf(7002);
    await writeFile(join(watch, 'marker.pdf'), marker);
    dropped.push('marker.pdf');
    distinct++;
    await waitSettled(t, ['marker.pdf']);
    reportIds.add((await reportsOfName('marker.pdf'))[0]!);
    await waitFor(
      'the log lines about the links',
      async () => captured.lines.filter((l) => /not a regular file/.test(String(l.msg))).length >= 2,
      10_000,
    );

    expect(await getReportBySha(t.service.db!, sha256(secret))).toBeNull();
    expect(await reportsOfName('link.pdf')).toEqual([]);
    expect(await reportsOfName('text-link.pdf')).toEqual([]);
    const stored = await readdir(join(t.config.dataDir, 'files'), { recursive: true });
    expect(stored.filter((f) => f.endsWith('.pdf'))).toHaveLength(1); // the marker's only
    // Left where it was, untouched, not moved.
    expect((await lstat(join(watch, 'link.pdf'))).isSymbolicLink()).toBe(true);
    expect(existsSync(join(watch, PROCESSED_DIR, 'link.pdf')) || existsSync(join(watch, FAILED_DIR, 'link.pdf'))).toBe(
      false,
    );
    const line = captured.lines.find((l) => l.file === 'link.pdf' && /not a regular file/.test(String(l.msg)));
    expect(line).toMatchObject({ level: 40 });
  }, 60_000);

  it('reads a copy that pauses half-way (longer than the stable wait) once, whole, after it is complete', async () => {
    const data = await distinctPdf(7003, 3);
    const name = 'paused.pdf';
    const handle = await open(join(watch, name), 'w');
    const half = Math.floor(data.length / 2);
    await handle.write(data.subarray(0, half));
    await handle.sync();
    await sleep(3000); // six times the 500 ms stable wait, less than the 5 s grace
    await handle.write(data.subarray(half));
    await handle.close();
    dropped.push(name);
    distinct++;
    await waitSettled(t, [name]);
    expect(existsSync(join(watch, PROCESSED_DIR, name))).toBe(true);
    expect(await readFile(join(watch, PROCESSED_DIR, name))).toEqual(data);
    const ids = await reportsOfName(name);
    expect(ids).toHaveLength(1); // read once: no report of the half
    const report = (await getReport(t.service.db!, ids[0]!))!;
    reportIds.add(report.id);
    expect(report.sha256).toBe(sha256(data));
    const expected = await extractReport(new Uint8Array(data), { fileName: name });
    expect((await getVersion(t.service.db!, report.currentVersionId!))!.record).toEqual(expected.record);
  }, 60_000);

  it('re-reads a damaged file that is replaced within the grace period; the new report supersedes the failed ' +
    'one', async () => {
    const name = 'rewritten.pdf';
    // Looks complete (a trailer at the end) but is not a readable PDF: it fails as damaged.
    const damaged = Buffer.from(`%PDF-1.7\n${'x'.repeat(3000)}\nstartxref\n0\n%%EOF\n`);
    await writeFile(join(watch, name), damaged);
    const first = await waitFor('the damaged file’s report failed', async () => {
      const r = await getReportBySha(t.service.db!, sha256(damaged));
      return r?.status === 'failed' ? r : null;
    });
    expect(first.error).toMatch(/damaged/);
    await sleep(1000); // the settle pass runs every 150 ms: the file would have moved by now
    expect(existsSync(join(watch, name))).toBe(true);
    expect(existsSync(join(watch, FAILED_DIR, name))).toBe(false);
    // The writer finishes the file (in place).
    const whole = await distinctPdf(7004, 2);
    await writeFile(join(watch, name), whole);
    dropped.push(name);
    distinct++;
    await waitSettled(t, [name]);
    expect(existsSync(join(watch, PROCESSED_DIR, name))).toBe(true);
    expect(existsSync(join(watch, FAILED_DIR, `${name}.error.txt`))).toBe(false);
    const ids = await reportsOfName(name);
    expect(ids).toHaveLength(1);
    const report = (await getReport(t.service.db!, ids[0]!))!;
    reportIds.add(report.id);
    expect(report.sha256).toBe(sha256(whole));
    expect(['passed', 'flagged']).toContain(report.status);
    // The failed twin is gone, with a log line saying which report superseded it.
    expect(await getReport(t.service.db!, first.id)).toBeNull();
    expect(captured.lines.some((l) => l.supersededBy === report.id && l.reportId === first.id)).toBe(true);
  }, 60_000);

  it('applies the upload limit: a larger file goes to failed/ with the reason, unread', async () => {
    const big = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(1536 * 1024, 0x20),
      Buffer.from('\nstartxref\n0\n%%EOF\n'),
    ]);
    await writeFile(join(watch, 'big.pdf'), big);
    dropped.push('big.pdf');
    await waitSettled(t, ['big.pdf']);
    expect(await readFile(join(watch, FAILED_DIR, 'big.pdf.error.txt'), 'utf8')).toMatch(
      /larger than the limit of 1048576 bytes/,
    );
    expect(await readFile(join(watch, FAILED_DIR, 'big.pdf'))).toEqual(big);
    expect(await getReportBySha(t.service.db!, sha256(big))).toBeNull();
    expect(await reportsOfName('big.pdf')).toEqual([]);
    const tmp = join(t.config.dataDir, 'tmp');
    if (existsSync(tmp)) expect((await readdir(tmp)).filter((f) => f.endsWith('.part'))).toEqual([]);
  }, 60_000);

  it('accounts for every file: in processed/ or failed/ once, every report once', async () => {
    const all = (await t.service.db!.query<{ id: number }>('SELECT id FROM reports ORDER BY id')).rows.map((r) => r.id);
    expect(all).toEqual([...reportIds].sort((a, b) => a - b));
    const reports = (await Promise.all(all.map((id) => getReport(t.service.db!, id)))) as Report[];
    await expectAccounted(t, { dropped, reports, distinctInputs: distinct });
  });
});
