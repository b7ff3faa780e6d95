import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERAS } from '../../src/schema/cells.js';
import { validationIssueSchema, type ValidationIssue } from '../../src/schema/record.js';
import { RULES, statusOf, validate } from '../../src/validate/index.js';
import { CORPUS_TRUTH, readTruth } from '../helpers/shared.js';
import { makeCells, makeMeta, rulesOf, zeroValues } from './helpers.js';

const issueOf = (severity: ValidationIssue['severity']): ValidationIssue => ({
  rule: 'x',
  severity,
  cells: [],
  message: '',
});

describe('statusOf', () => {
  it('is flagged exactly when an error exists', () => {
    expect(statusOf([])).toBe('passed');
    expect(statusOf([issueOf('warning')])).toBe('passed');
    expect(statusOf([issueOf('warning'), issueOf('error')])).toBe('flagged');
  });
});

describe('validate', () => {
  it('names every rule of the spec with its severity', () => {
    expect(RULES).toEqual({
      'applications.balance': 'error',
      'applications.results': 'error',
      'applications.rowSum': 'error',
      'appeals.total': 'error',
      'legacy.sums': 'error',
      'report.structure': 'error',
      'extraction.confidence': 'error',
      'report.era': 'warning',
      'report.published': 'warning',
      'text.consistency': 'warning',
      'text.reuse': 'warning',
      'archive.carryOver': 'warning',
      'archive.inForce': 'warning',
      'value.range': 'warning',
    });
  });

  it.each(ERAS)('a complete, consistent record of era %s passes with no issue', (era) => {
    const year = { '2008': 2018, '2019': 2019, '2021': 2023 }[era];
    expect(validate({ meta: makeMeta({ era, year }), cells: makeCells(zeroValues(era)) })).toEqual([]);
  });

  it('runs every family over one record, issues matching the schema', () => {
    const values = zeroValues('2021', {
      'appeals.review.total': 1,
      'applications.granted.total': -1,
      'applications.carriedOver.total': 1,
    });
    const issues = validate({
      meta: makeMeta({ year: 2023, era: '2019', publishedOn: '2024-03-01' }),
      cells: {
        ...makeCells(values),
        ...makeCells({ 'disclosure.fees.amount': 0 }, { source: 'ocr', confidence: 0.3 }),
      },
      text: '全年共受理政府信息公开申请 9 件。',
      previous: { meta: makeMeta({ year: 2022 }), cells: makeCells({ 'applications.carriedForward.total': 0 }) },
    });
    for (const i of issues) expect(validationIssueSchema.parse(i)).toEqual(i);
    expect(rulesOf(issues)).toEqual([
      'appeals.total',
      'applications.balance',
      'applications.results',
      'applications.rowSum',
      'archive.carryOver',
      'extraction.confidence',
      'report.era',
      'report.published',
      'report.structure',
      'text.consistency',
      'value.range',
    ]);
    expect(statusOf(issues)).toBe('flagged');
  });
});

const truthFile = (name: string) => join(CORPUS_TRUTH, name);
const errorsOf = (issues: ValidationIssue[]) => issues.filter((i) => i.severity === 'error');

describe.skipIf(!existsSync(truthFile('hongze-district-2023.json')))(
  `hand-checked corpus values (needs ${CORPUS_TRUTH})`,
  () => {
    const validateTruth = (name: string) => {
      const truth = readTruth(truthFile(name));
      const meta = makeMeta({
        ...truth.meta,
        era: truth.meta.era as (typeof ERAS)[number],
        publishedOn: truth.meta.publishedOn ?? null,
      });
      return { truth, issues: validate({ meta, cells: makeCells(truth.cells) }) };
    };

    it.each(['hongze-district-2023.json', 'hongze-district-2023-scan.json'])(
      '%s: flagged by appeals.total on the 行政复议 and 复议后起诉 rows',
      (name) => {
        const { truth, issues } = validateTruth(name);
        const errors = errorsOf(issues);
        expect(rulesOf(errors)).toEqual(truth.expectRules);
        expect(errors.map((i) => [i.rule, i.cells])).toEqual([
          [
            'appeals.total',
            [
              'appeals.review.total',
              'appeals.review.upheld',
              'appeals.review.corrected',
              'appeals.review.other',
              'appeals.review.pending',
            ],
          ],
          [
            'appeals.total',
            [
              'appeals.suitAfterReview.total',
              'appeals.suitAfterReview.upheld',
              'appeals.suitAfterReview.corrected',
              'appeals.suitAfterReview.other',
              'appeals.suitAfterReview.pending',
            ],
          ],
        ]);
        expect(errors[0]!.message).toContain('行政复议 总计 0 ≠ 10 + 1 + 0 + 0');
        expect(errors[1]!.message).toContain('复议后起诉 总计 0 ≠ 5 + 0 + 0 + 0');
        expect(statusOf(issues)).toBe('flagged');
        expect(issues).toEqual(errors);
      },
    );

    it('pingtan-2019.json: no error', () => {
      const { truth, issues } = validateTruth('pingtan-2019.json');
      expect(truth.expectFlagged).toBe(false);
      expect(errorsOf(issues)).toEqual([]);
      expect(issues).toEqual([]);
      expect(statusOf(issues)).toBe('passed');
    });
  },
);
