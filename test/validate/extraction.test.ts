import { describe, expect, it } from 'vitest';
import { checkConfidence } from '../../src/validate/extraction.js';
import { validate } from '../../src/validate/index.js';
import { makeCells, makeMeta, zeroValues } from './helpers.js';

describe('extraction.confidence', () => {
  it('fires once per OCR cell below the threshold, quoting raw text and confidence', () => {
    const cells = {
      ...makeCells({ 'appeals.review.upheld': 10 }, { source: 'ocr', confidence: 0.55, raw: '1O' }),
      ...makeCells({ 'appeals.review.total': 10 }, { source: 'ocr', confidence: 0.95 }),
    };
    const issues = checkConfidence(cells, 0.8);
    expect(issues).toEqual([
      {
        rule: 'extraction.confidence',
        severity: 'error',
        cells: ['appeals.review.upheld'],
        message: expect.stringContaining('"1O" 置信度 0.55 < 0.8'),
      },
    ]);
  });

  it('holds for text-layer cells, whatever their confidence, and OCR at the threshold', () => {
    const cells = {
      ...makeCells({ 'appeals.review.upheld': 1 }, { confidence: 0.1 }),
      ...makeCells({ 'appeals.review.total': 1 }, { source: 'ocr', confidence: 0.8 }),
    };
    expect(checkConfidence(cells, 0.8)).toEqual([]);
  });

  it('takes its threshold from the options, 0.8 by default', () => {
    const values = zeroValues('2021');
    const cells = {
      ...makeCells(values),
      ...makeCells({ 'disclosure.licensing.decisions': 0 }, { source: 'ocr', confidence: 0.79 }),
    };
    const rules = (threshold?: number) =>
      validate({ meta: makeMeta(), cells }, threshold === undefined ? {} : { confidenceThreshold: threshold }).map(
        (i) => i.rule,
      );
    expect(rules()).toEqual(['extraction.confidence']);
    expect(rules(0.7)).toEqual([]);
  });
});
