/**
 * A light grey scan whose digits have faint thin strokes: the 4s of hongze-district-2023's
 * 部分公开 row (200 dpi grey JPEG, thick rules, made at test time from the corpus PDF). The
 * rereads of a doubtful number deepen faint strokes first; read as scanned, tesseract's own
 * threshold dropped the 4's light diagonal, three rereads read it as 1 with confidence and
 * outvoted the composite's 4.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fullMatrix, makeScan } from '../../scripts/scans/matrix.js';
import { runExplain } from '../../src/cli/explain.js';
import { CORPUS_PDF, HAVE_CORPUS, SKIP_CORPUS_MESSAGE } from '../helpers/shared.js';
import { sink } from '../helpers/sink.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

if (!HAVE_CORPUS) console.warn(SKIP_CORPUS_MESSAGE);

describe.skipIf(!HAVE_CORPUS)('faint strokes', () => {
  it('reads the 4s of a light 200 dpi grey scan as 4', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-faint-'));
    dirs.push(dir);
    const source = new Uint8Array(readFileSync(join(CORPUS_PDF, 'hongze-district-2023.pdf')));
    const variant = fullMatrix('').find((v) => v.name === '200dpi-grey-thick')!;
    const file = join(dir, 'hongze-200dpi-grey-thick.pdf');
    writeFileSync(file, await makeScan(source, variant, 'hongze-district-2023'));
    process.env.NIANBAO_DATA_DIR ??= join(dir, 'data');
    expect(await runExplain([file, '--page', '3', '--out', dir], sink().stream)).toBe(0);
    const page = JSON.parse(readFileSync(join(dir, 'page-3.json'), 'utf8')) as {
      cells: Array<{ id: string; value: number | null }>;
    };
    const value = (id: string): number | null | undefined => page.cells.find((c) => c.id === id)?.value;
    expect(value('applications.partlyGranted.naturalPerson')).toBe(4);
    expect(value('applications.partlyGranted.total')).toBe(4);
    expect(value('applications.granted.total')).toBe(0);
  });
});
