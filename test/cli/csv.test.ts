/**
 * `nianbao extract --format csv` writes through the same CSV module as the review UI's export
 * (src/csv.ts): a file name that a spreadsheet would run as a formula is defused, values stay
 * numbers, and every cell of the record is one line.
 */
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../src/cli/extract.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { sink } from '../helpers/sink.js';

const SAMPLE = join(PROJECT_ROOT, 'samples/zhongwei-justice-2020.pdf');
const NAME = '=SUM(A1,A2)+cmd.pdf';

describe('extract --format csv', () => {
  let dir: string;
  let csv: string[];
  let json: {
    cells: Record<string, { value: number | null; page: number; source: string; confidence: number; unit?: string }>;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nianbao-csv-'));
    await copyFile(SAMPLE, join(dir, NAME));
    expect(
      await runExtract(
        [join(dir, NAME), '--out', join(dir, 'csv'), '--format', 'csv', '--ocr', 'never'],
        sink().stream,
      ),
    ).toBe(0);
    expect(await runExtract([join(dir, NAME), '--out', join(dir, 'json'), '--ocr', 'never'], sink().stream)).toBe(0);
    const [csvFile] = await readdir(join(dir, 'csv'));
    const [jsonFile] = await readdir(join(dir, 'json'));
    csv = (await readFile(join(dir, 'csv', csvFile!), 'utf8')).split('\n');
    json = JSON.parse(await readFile(join(dir, 'json', jsonFile!), 'utf8'));
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('defuses a file name that a spreadsheet would run as a formula', () => {
    expect(csv[0]).toBe('file,cell,value,page,source,confidence,unit');
    const rows = csv.slice(1).filter((l) => l !== '');
    expect(rows.length).toBe(Object.keys(json.cells).length);
    expect(rows.length).toBeGreaterThan(100);
    // The apostrophe keeps =SUM(...) text; the comma inside makes it a quoted field.
    for (const row of rows) expect(row.startsWith(`"'${NAME}",`)).toBe(true);
  });

  it('writes each cell with its value as a number, as the JSON record has it', () => {
    const rows = new Map(
      csv
        .slice(1)
        .filter((l) => l !== '')
        .map((l) => {
          const fields = l.slice(`"'${NAME}",`.length).split(',');
          return [fields[0]!, fields.slice(1)] as const;
        }),
    );
    for (const [id, c] of Object.entries(json.cells)) {
      expect(rows.get(id), id).toEqual([
        c.value === null ? '' : String(c.value),
        String(c.page),
        c.source,
        String(c.confidence),
        c.unit ?? '',
      ]);
    }
  });
});
