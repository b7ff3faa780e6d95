import { mkdtemp, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../src/cli/extract.js';
import { extractReport, type Extraction } from '../../src/extractors/pipeline.js';
import type { ReportRecord } from '../../src/schema/record.js';
import { linkSeries, previousIndex } from '../../src/series/link.js';
import { CORPUS_PDF, HAVE_CORPUS } from '../helpers/shared.js';
import { sink } from '../helpers/sink.js';

const meta = (agency: string | null, year: number | null) => ({
  meta: { agency, year, era: '2021' as const, publishedOn: null },
});

describe('previousIndex', () => {
  it('takes the same agency in the year before, its closest name first', () => {
    const candidates = [
      meta('莆田市统计局', 2021),
      meta('莆田市人民政府', 2020),
      meta('莆田市统计局办公室', 2020),
      meta('莆田市统计局', 2019),
    ];
    expect(previousIndex(meta('莆田市统计局', 2021).meta, candidates)).toBe(2);
    expect(previousIndex(meta('莆田市统计局', 2020).meta, candidates)).toBe(3);
    expect(previousIndex(meta('莆田市统计局', 2019).meta, candidates)).toBeNull();
    expect(previousIndex(meta('莆田市', 2021).meta, candidates)).toBe(1);
    // The same name outranks a name of the same key: 莆田市人民政府 is not its 办公室.
    expect(
      previousIndex(meta('莆田市人民政府', 2021).meta, [
        meta('莆田市人民政府办公室', 2020),
        meta('莆田市人民政府', 2020),
      ]),
    ).toBe(1);
    expect(previousIndex(meta(null, 2021).meta, candidates)).toBeNull();
    expect(previousIndex(meta('莆田市统计局', null).meta, candidates)).toBeNull();
  });
});

/** 莆田市统计局 2020 (template 2019) and 2021 (template 2021): the carried-over figure chains across the template change. */
describe.runIf(HAVE_CORPUS)('an agency series across the 2019 → 2021 template change (../shared/corpus)', () => {
  let y2020: Extraction;
  let y2021: Extraction;
  beforeAll(async () => {
    const read = (f: string) => extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, f))), { fileName: f });
    [y2020, y2021] = await Promise.all([read('putian-stats-2020.pdf'), read('putian-stats-2021.pdf')]);
  }, 60_000);

  const archiveIssues = (r: ReportRecord) => r.validation.issues.filter((i) => i.rule.startsWith('archive.'));

  it('links 2021 to 2020 by agency and year; the chain holds, so no archive warning', () => {
    expect(y2020.record.meta).toMatchObject({ agency: '莆田市统计局', year: 2020 });
    expect(y2021.record.meta).toMatchObject({ agency: '莆田市统计局', year: 2021 });
    const linked = linkSeries([y2021, y2020]);
    expect(linked[0]!.previous).toBe(y2020);
    expect(linked[1]!.previous).toBeNull();
    expect(archiveIssues(linked[0]!.entry.record)).toEqual([]);
    expect(y2021.record.cells['applications.carriedOver.total']?.value).toBe(0);
    expect(y2020.record.cells['applications.carriedForward.total']?.value).toBe(0);
  });

  it('warns archive.carryOver when one carried-over figure is altered, naming both years’ figures', () => {
    const cells = structuredClone(y2020.record.cells);
    cells['applications.carriedForward.total'] = { ...cells['applications.carriedForward.total']!, value: 3, raw: '3' };
    const altered = { ...y2020, record: { ...y2020.record, cells } };
    const [linked] = linkSeries([y2021, altered]);
    const issues = archiveIssues(linked!.entry.record);
    expect(issues).toEqual([
      {
        rule: 'archive.carryOver',
        severity: 'warning',
        cells: ['applications.carriedOver.total'],
        message: '上年结转 0 ≠ 2020 年报告的结转下年度继续办理 3',
      },
    ]);
    // A warning: the report stays passed, its cells as printed.
    expect(linked!.entry.record.validation.status).toBe('passed');
    expect(linked!.entry.record.cells).toEqual(y2021.record.cells);
  });

  it('nianbao extract runs archive.carryOver on the pair and shows it in the summary', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'nianbao-series-')), 'out');
    const s = sink();
    const code = await runExtract(
      [join(CORPUS_PDF, 'putian-stats-2020.pdf'), join(CORPUS_PDF, 'putian-stats-2021.pdf'), '--out', out],
      s.stream,
    );
    expect(code).toBe(0);
    const row = (name: string): string =>
      s
        .text()
        .split('\n')
        .find((l) => l.includes(name)) ?? '';
    expect(row('putian-stats-2021.pdf')).toMatch(/vs 2020: ok/);
    expect(row('putian-stats-2020.pdf')).not.toMatch(/vs \d{4}/);
    const written = JSON.parse(await readFile(join(out, 'putian-stats-2021.json'), 'utf8')) as ReportRecord;
    expect(archiveIssues(written)).toEqual([]);
    expect(written.meta.agency).toBe('莆田市统计局');
  }, 60_000);
});
