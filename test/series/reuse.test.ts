import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { runExtract } from '../../src/cli/extract.js';
import type { ReportRecord } from '../../src/schema/record.js';
import { sink } from '../helpers/sink.js';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractReport, type Extraction } from '../../src/extractors/pipeline.js';
import { revalidateRecord } from '../../src/validate/index.js';
import { measureReuse, MIN_SHINGLES, percent } from '../../src/validate/textReuse.js';

const read = (f: string): Promise<Extraction> =>
  extractReport(new Uint8Array(readFileSync(join('samples', f))), { fileName: f });

describe('text reuse (shingle containment) on the samples’ prose', () => {
  let weihui: Extraction;
  let zhongning: Extraction;
  beforeAll(async () => {
    [weihui, zhongning] = await Promise.all([read('weihui-justice-2021.pdf'), read('zhongning-justice-2021.pdf')]);
  }, 60_000);

  it('two agencies’ own reports share little of their prose', () => {
    const r = measureReuse(weihui.text, zhongning.text)!;
    expect(r.shingles).toBeGreaterThan(MIN_SHINGLES);
    expect(r.share).toBeLessThan(0.3);
  });

  it('last year’s prose with the year and the figures changed counts as repeated, and the passages cover it', () => {
    // The same prose as the next year's report would print it: every number different.
    const next = weihui.text.replace(/\d+/gu, (d) => String(Number(d) + 1));
    expect(next).not.toBe(weihui.text);
    const r = measureReuse(next, weihui.text)!;
    expect(r.share).toBe(1);
    const marked = r.passages.reduce((n, [a, b]) => n + next.slice(a, b).replace(/\s/gu, '').length, 0);
    expect(marked).toBe(next.replace(/\s/gu, '').length);
  });

  it('a text too short to judge gives no measure', () => {
    expect(measureReuse('本机关年度报告。', weihui.text)).toBeNull();
  });

  it('text.reuse warns with the arithmetic at the threshold, and is quiet below it', () => {
    const meta2022 = { ...weihui.record.meta, year: 2022 };
    const copied = { ...weihui.record, meta: meta2022 };
    const previous = { meta: weihui.record.meta, cells: weihui.record.cells, text: weihui.text };
    // Half the prose new: append another agency's text.
    const half = `${weihui.text}\n${zhongning.text}`;
    const full = revalidateRecord(copied, { text: weihui.text, previous }).validation.issues.filter(
      (i) => i.rule === 'text.reuse',
    );
    expect(full).toHaveLength(1);
    const r = measureReuse(weihui.text, weihui.text)!;
    expect(full[0]!.message).toBe(`正文 ${r.shingles} 个 8 字片段中 ${r.shingles} 个见于2021 年报告：100.0% ≥ 80.0%`);
    expect(full[0]!.severity).toBe('warning');
    const partly = measureReuse(half, weihui.text)!;
    expect(partly.share).toBeLessThan(0.8);
    expect(
      revalidateRecord(copied, { text: half, previous }).validation.issues.some((i) => i.rule === 'text.reuse'),
    ).toBe(false);
    expect(
      revalidateRecord(copied, { text: half, previous }, { reuseThreshold: partly.share }).validation.issues.map(
        (i) => i.rule,
      ),
    ).toContain('text.reuse');
    // Not the year before: no comparison.
    expect(
      revalidateRecord(weihui.record, { text: weihui.text, previous }).validation.issues.some(
        (i) => i.rule === 'text.reuse',
      ),
    ).toBe(false);
    expect(percent(partly.share)).toMatch(/^\d{1,2}\.\d%$/u);
  });

  it('nianbao extract reads the three 卫辉市司法局 samples as a series: text.reuse and the broken chain in the ' +
    'summary', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'nianbao-reuse-')), 'out');
    const s = sink();
    const files = [
      'samples/weihui-justice-2021.pdf',
      'samples/series/weihui-justice-2022.pdf',
      'samples/series/weihui-justice-2023.pdf',
    ];
    expect(await runExtract([...files, '--out', out], s.stream)).toBe(0);
    const row = (name: string): string =>
      s
        .text()
        .split('\n')
        .find((l) => l.includes(name)) ?? '';
    expect(row('weihui-justice-2021.pdf')).not.toMatch(/vs \d{4}/u);
    expect(row('weihui-justice-2022.pdf')).toMatch(/vs 2021: text\.reuse\s/u);
    expect(row('weihui-justice-2023.pdf')).toMatch(/vs 2022: text\.reuse,archive\.carryOver\s/u);
    const written = JSON.parse(await readFile(join(out, 'weihui-justice-2023.json'), 'utf8')) as ReportRecord;
    expect(written.validation.issues.find((i) => i.rule === 'text.reuse')!.message).toBe(
      '正文 1226 个 8 字片段中 1104 个见于2022 年报告：90.0% ≥ 80.0%',
    );
  }, 60_000);
});
