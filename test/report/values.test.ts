import { describe, expect, it } from 'vitest';
import { numberBeforeMisreadUnit, parseCellValue } from '../../src/extractors/values.js';

describe('parseCellValue', () => {
  it('reads numbers as printed, with units and signs', () => {
    expect(parseCellValue('21')).toEqual({ kind: 'number', value: 21 });
    expect(parseCellValue('7730.28')).toEqual({ kind: 'number', value: 7730.28 });
    expect(parseCellValue('+7')).toEqual({ kind: 'number', value: 7 });
    expect(parseCellValue('减3')).toEqual({ kind: 'number', value: -3 });
    expect(parseCellValue('−3')).toEqual({ kind: 'number', value: -3 });
    expect(parseCellValue('80 万元')).toEqual({ kind: 'number', value: 80 });
    expect(parseCellValue('75394432.52元')).toEqual({ kind: 'number', value: 75394432.52 });
    expect(parseCellValue('１２')).toEqual({ kind: 'number', value: 12 });
    expect(parseCellValue('1,045')).toEqual({ kind: 'number', value: 1045 });
  });

  it('reads blanks, 无 and dashes as blank', () => {
    for (const s of ['', ' ', '无', '—', '--', '-', '／']) expect(parseCellValue(s)).toEqual({ kind: 'blank' });
  });

  it('leaves labels as text', () => {
    for (const s of ['1.属于国家秘密', '总计', '第二十条第（一）项', '2023年', '10 1'])
      expect(parseCellValue(s).kind).toBe('text');
  });
});

describe('numberBeforeMisreadUnit', () => {
  it('reads the number before a unit OCR misread, and nothing else', () => {
    expect(numberBeforeMisreadUnit('1.8533刀元')).toBe(1.8533);
    expect(numberBeforeMisreadUnit('12人吹')).toBeNull();
    expect(numberBeforeMisreadUnit('5乂次')).toBe(5);
    // Read right: parseCellValue reads it; not a number at all; a number in words; a deadline.
    expect(numberBeforeMisreadUnit('1.8533万元')).toBeNull();
    expect(numberBeforeMisreadUnit('刀元')).toBeNull();
    expect(numberBeforeMisreadUnit('2020年')).toBeNull();
    expect(numberBeforeMisreadUnit('15个工作日')).toBeNull();
    // Two numbers in the cell: never glued into one, whatever follows them.
    expect(numberBeforeMisreadUnit('1 8刀元')).toBeNull();
  });
});
