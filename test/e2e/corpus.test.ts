import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { CORPUS_PDF, CORPUS_TRUTH, HAVE_CORPUS, readTruth } from '../helpers/shared.js';

/** Born-digital corpus reports: every truth cell exact, flags and meta as hand-checked. */
describe.runIf(HAVE_CORPUS)('born-digital corpus (../shared/corpus)', () => {
  for (const name of ['hongze-district-2023', 'pingtan-2019']) {
    it(`${name}: every cell equals the truth, flags and meta right`, async () => {
      const truth = readTruth(join(CORPUS_TRUTH, `${name}.json`));
      const { record } = await extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, truth.file))), { fileName: truth.file });
      const got = Object.fromEntries(Object.entries(record.cells).map(([id, c]) => [id, c.value]));
      expect(got).toEqual(truth.cells);
      expect(record.meta.year).toBe(truth.meta.year);
      expect(record.meta.era).toBe(truth.meta.era);
      expect(record.validation.status).toBe(truth.expectFlagged ? 'flagged' : 'passed');
      const errors = [...new Set(record.validation.issues.filter((i) => i.severity === 'error').map((i) => i.rule))].sort();
      expect(errors).toEqual([...truth.expectRules].sort());
      expect(record.source.textLayer).toBe('full');
      for (const c of Object.values(record.cells)) {
        expect(c.source).toBe('text');
        expect(c.bbox[2]).toBeGreaterThan(c.bbox[0]);
        expect(c.bbox[3]).toBeGreaterThan(c.bbox[1]);
      }
    });
  }

  it('hongze-district-2023: the broken appeals rows are named with their cells', async () => {
    const { record } = await extractReport(new Uint8Array(readFileSync(join(CORPUS_PDF, 'hongze-district-2023.pdf'))));
    const appeals = record.validation.issues.filter((i) => i.rule === 'appeals.total');
    expect(appeals.map((i) => i.cells[0]).sort()).toEqual(['appeals.review.total', 'appeals.suitAfterReview.total']);
    expect(record.cells['appeals.review.upheld']).toMatchObject({ value: 10, page: 4, raw: '10' });
    expect(record.meta.agency).toBe('洪泽区人民政府');
  });
});
