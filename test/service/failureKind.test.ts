/**
 * A failed report keeps the kind of its failure (issue 12, item 5): real unreadable files —
 * encrypted with a password, cut off at a third, longer than the page limit — go through the
 * service (upload → sandboxed ingest → report job → database), and the API says each one's
 * kind beside the reason in words, filters failed reports by kind, and refuses a kind that is
 * none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfReadError } from '../../src/extractors/pdf/document.js';
import { countPages } from '../../src/extractors/pdf/readPages.js';
import { createUser } from '../../src/store/users.js';
import { makePdf } from '../helpers/makePdf.js';
import { Client, PASSWORD } from '../ui/helpers.js';
import { distinctPdf } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { startTestService, type TestService } from './helpers/service.js';

interface Summary {
  id: number;
  status: string;
  error?: string;
  errorKind?: string;
}

const MAX_PAGES = 4;

describe('failure kinds through the service', () => {
  let redis: TestRedis;
  let t: TestService;
  const files: Record<string, Buffer> = {};
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({ redisUrl: redis.url, env: { NIANBAO_MAX_PAGES: String(MAX_PAGES) } });
    const good = await distinctPdf(4242);
    files.encrypted = await makePdf({ userPassword: 'secret' });
    files.corrupt = good.subarray(0, Math.floor(good.length / 3));
    files.long = await makePdf({ pages: MAX_PAGES + 2 });
    files.good = good;
    for (const [name, data] of Object.entries(files)) {
      const res = await t.upload(data, `${name}.pdf`);
      expect(res.status, `upload of ${name}.pdf`).toBe(202);
      ids[name] = ((await res.json()) as { id: number }).id;
    }
    await t.waitFinished(Object.values(ids));
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  /** What the extractor itself says of the file: the reason the service must keep, word for word. */
  async function readError(data: Buffer): Promise<PdfReadError> {
    const err = await countPages(new Uint8Array(data), { maxPages: MAX_PAGES }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PdfReadError);
    return err as PdfReadError;
  }

  it.each([
    ['encrypted', 'encrypted'],
    ['corrupt', 'corrupt'],
    ['long', 'too-large'],
  ])('keeps the kind of %s.pdf (%s) beside its reason, as the extractor gave both', async (name, kind) => {
    const expected = await readError(files[name]!);
    expect(expected.kind).toBe(kind);
    const report = await t.json<Summary>(`/api/reports/${ids[name]}`);
    expect(report.status).toBe('failed');
    expect(report.errorKind).toBe(kind);
    expect(report.error).toBe(expected.message);
    const row = await t.service.db!.query<{ error: string; error_kind: string }>(
      'SELECT error, error_kind FROM reports WHERE id = $1',
      [ids[name]],
    );
    expect(row.rows[0]).toEqual({ error: expected.message, error_kind: kind });
  });

  it('gives a report that was read no failure kind', async () => {
    const report = await t.json<Summary>(`/api/reports/${ids.good}`);
    expect(['passed', 'flagged']).toContain(report.status);
    expect(report.errorKind).toBeUndefined();
    expect(report.error).toBeUndefined();
  });

  it('filters failed reports by kind in the list', async () => {
    const list = async (q: string): Promise<Summary[]> =>
      (await t.json<{ items: Summary[] }>(`/api/reports?${q}`)).items;
    expect((await list('errorKind=encrypted')).map((r) => [r.id, r.errorKind])).toEqual([[ids.encrypted, 'encrypted']]);
    expect((await list('status=failed&errorKind=too-large')).map((r) => r.id)).toEqual([ids.long]);
    expect((await list('errorKind=empty')).map((r) => r.id)).toEqual([]);
    expect((await list('status=failed')).map((r) => r.errorKind).sort()).toEqual(['corrupt', 'encrypted', 'too-large']);
    const bad = await t.api('/api/reports?errorKind=dropped-on-the-floor');
    expect(bad.status).toBe(400);
  });

  it('lets the review UI filter failed reports by kind and says the kind on their rows', async () => {
    await createUser(t.service.db!, { name: 'vera', role: 'viewer', password: PASSWORD });
    const client = new Client(t.service.url!);
    expect((await client.login('vera')).status).toBe(303);
    const rowsOf = async (q: string): Promise<{ id: number; failure: string | null }[]> => {
      const page = await (await client.fetch(`/queue${q}`)).text();
      return [...page.matchAll(/<tr class="status-[a-z_]+" data-report="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
        id: Number(m[1]),
        failure: /data-failure="([a-z-]+)"/.exec(m[2]!)?.[1] ?? null,
      }));
    };
    expect(await rowsOf('?failure=encrypted')).toEqual([{ id: ids.encrypted, failure: 'encrypted' }]);
    expect(await rowsOf('?status=failed&failure=corrupt')).toEqual([{ id: ids.corrupt, failure: 'corrupt' }]);
    const failed = await rowsOf('?status=failed');
    expect(failed.map((r) => r.failure).sort()).toEqual(['corrupt', 'encrypted', 'too-large']);
    expect((await rowsOf('')).find((r) => r.id === ids.good)?.failure).toBeNull();
    // The report page of a failed report names its kind, linked to the others that failed so.
    const page = await (await client.fetch(`/report/${ids.long}`)).text();
    expect(page).toMatch(/data-failure="too-large" href="\/queue\?status=failed&amp;failure=too-large"/);
    expect(page).toContain(`the PDF has ${MAX_PAGES + 2} pages, more than the limit of ${MAX_PAGES}`);
  });

  it('clears the kind when the report is asked to run again', async () => {
    const res = await t.api(`/api/reports/${ids.encrypted}/reprocess`, { method: 'POST' });
    expect(res.status).toBe(202);
    const queued = await t.json<Summary>(`/api/reports/${ids.encrypted}`);
    // The new run may have failed already: then it has its kind again, never a stale one with another status.
    if (queued.status === 'failed') expect(queued.errorKind).toBe('encrypted');
    else expect(queued.errorKind).toBeUndefined();
    const [again] = await t.waitFinished([ids.encrypted!]);
    expect([again!.status, again!.errorKind, again!.run]).toEqual(['failed', 'encrypted', 2]);
  });
});
