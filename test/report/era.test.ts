import { describe, expect, it } from 'vitest';
import { detectEra } from '../../src/extractors/report/era.js';

/**
 * Header and label texts of pingtan-2019 at 150 dpi 1-bit as tesseract read them: not one
 * template header word whole (本年新制作数量 as 本年新下作才让, 未经复议直接起诉 as 未经复议点接起诉).
 */
const MISREAD_2019 = [
  '第-上条第〈-)项',
  '本华新下作才让',
  '本年新公丰终殿',
  '十外公开总妆攻',
  '1一第融旧数其',
  '订购]黄时示扯',
  '蛙清人情况',
  '本年半收政府信息会下生计歼记',
];

describe('detectEra', () => {
  it('knows a modern report by a row only the modern tables print, with one character misread', () => {
    const texts = [...MISREAD_2019, '未经复议点接起诉'];
    expect(detectEra(texts, 2019)).toBe('2019');
    expect(detectEra(texts, 2022)).toBe('2021');
  });

  it('knows a modern report by its tables’ kinds when every header word is misread', () => {
    expect(detectEra(MISREAD_2019, 2019)).toBeNull();
    expect(detectEra(MISREAD_2019, 2019, ['disclosure', 'applications', 'appeals'])).toBe('2019');
    expect(detectEra(MISREAD_2019, 2023, [null, 'appeals'])).toBe('2021');
    // A disclosure table alone is printed by the 2019 and 2021 templates in different forms, and
    // its kind says nothing of which.
    expect(detectEra(MISREAD_2019, 2019, ['disclosure'])).toBeNull();
    expect(detectEra(MISREAD_2019, 2008, ['legacy', 'applications'])).toBe('2008');
  });
});
