import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../src/cli/extract.js';
import { makePdf } from '../helpers/makePdf.js';
import { sink } from '../helpers/sink.js';

describe('extract on bad input', () => {
  let dir: string;
  let out: string;
  let summary: string;
  let code: number;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-bad-'));
    out = join(dir, 'out');
    const good = await makePdf({ pages: 2 });
    const make = async (name: string, data: Buffer | string): Promise<void> => {
      files[name] = join(dir, name);
      await writeFile(files[name]!, data);
    };
    await make('empty.pdf', Buffer.alloc(0));
    await make('notes.pdf', '这不是PDF，只是一段文字。\n');
    await make('truncated.pdf', good.subarray(0, Math.floor(good.length / 3)));
    await make('locked.pdf', await makePdf({ userPassword: 'secret' }));
    await make('long.pdf', await makePdf({ pages: 300 }));
    await make('fine.pdf', good);
    const s = sink();
    code = await runExtract([...Object.values(files), '--out', out], s.stream);
    summary = s.text();
  }, 180_000);

  const row = (name: string): string => summary.split('\n').find((l) => l.includes(name)) ?? '';

  it('exits 1 because some files could not be read, after processing all of them', () => {
    expect(code).toBe(1);
    expect(summary).toMatch(/6 files: \d read/);
  });

  it('names the reason per file', () => {
    expect(row('empty.pdf')).toMatch(/ERROR.*empty/);
    expect(row('notes.pdf')).toMatch(/ERROR.*not a PDF/);
    expect(row('locked.pdf')).toMatch(/ERROR.*encrypted/);
  });

  it('gives a truncated PDF an error or a flagged result, never a crash', () => {
    expect(row('truncated.pdf')).toMatch(/ERROR.*(damaged|cannot be read)|flagged/);
  });

  it('reads a 300-page PDF and a good one to records that say no tables were found', async () => {
    const written = await readdir(out);
    expect(written).toEqual(expect.arrayContaining(['long.json', 'fine.json']));
    const long = JSON.parse(await readFile(join(out, 'long.json'), 'utf8'));
    expect(long.source.pages).toBe(300);
    expect(long.validation.status).toBe('flagged');
    expect(long.validation.issues.map((i: { rule: string }) => i.rule)).toContain('report.structure');
  });

  it('leaves the input files untouched', async () => {
    expect((await readFile(files['empty.pdf']!)).length).toBe(0);
    expect(await readFile(files['notes.pdf']!, 'utf8')).toContain('不是PDF');
  });
});
