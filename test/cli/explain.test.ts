/**
 * `nianbao explain`: the page as the reader saw it, as a PNG with its lines, cells and values
 * drawn, and the same as JSON: for a scanned page and for a text page.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { runExplain } from '../../src/cli/explain.js';
import { PROJECT_ROOT, readTruth } from '../helpers/shared.js';
import { sink } from '../helpers/sink.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Explained {
  read: 'ocr' | 'text';
  frame?: { turns: number; angle: number } | null;
  lines: { horizontal: number; vertical: number };
  tables: Array<{ rows: number; cols: number }>;
  cells: Array<{ id: string; value: number | null; confidence: number; source: string }>;
}

async function explain(file: string, page: number): Promise<{ json: Explained; png: Buffer }> {
  const out = mkdtempSync(join(tmpdir(), 'nianbao-explain-'));
  dirs.push(out);
  process.env.NIANBAO_DATA_DIR ??= join(out, 'data');
  const code = await runExplain([file, '--page', String(page), '--out', out], sink().stream);
  expect(code).toBe(0);
  return {
    json: JSON.parse(readFileSync(join(out, `page-${page}.json`), 'utf8')) as Explained,
    png: readFileSync(join(out, `page-${page}.png`)),
  };
}

describe('nianbao explain', () => {
  it('draws a scanned page as read, straightened, with its tables and every value cell of the page', async () => {
    const file = join(PROJECT_ROOT, 'samples', 'scan', 'weihui-justice-2021-scan.pdf');
    const { json, png } = await explain(file, 3);
    expect(json.read).toBe('ocr');
    expect(json.frame?.turns).toBe(0);
    expect(json.lines.horizontal).toBeGreaterThan(10);
    expect(json.tables.length).toBeGreaterThan(0);
    // The page's cells are those of the truth on page 3, by id and value.
    const truth = readTruth(join(PROJECT_ROOT, 'samples', 'scan', 'truth', 'weihui-justice-2021-scan.json'));
    const onPage = json.cells.filter((c) => c.value !== null);
    expect(onPage.length).toBeGreaterThan(20);
    for (const c of onPage) if (c.id in truth.cells) expect(c.value, c.id).toBe(truth.cells[c.id]);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    // The scan's own resolution (200 dpi): about 1654 px across an A4 page.
    expect(Math.abs(meta.width! - 1654)).toBeLessThan(20);
  }, 240_000);

  it('draws a text page rendered, with the lines of its operator list', async () => {
    const { json } = await explain(join(PROJECT_ROOT, 'samples', 'weihui-justice-2021.pdf'), 2);
    expect(json.read).toBe('text');
    expect(json.lines.vertical).toBeGreaterThan(5);
    expect(json.cells.every((c) => c.source === 'text' && c.confidence === 1)).toBe(true);
    expect(json.cells.length).toBeGreaterThan(20);
  });

  it('refuses a page that is not there', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nianbao-explain-'));
    dirs.push(out);
    expect(
      await runExplain(
        [join(PROJECT_ROOT, 'samples', 'weihui-justice-2021.pdf'), '--page', '9', '--out', out],
        sink().stream,
      ),
    ).toBe(2);
  });
});
