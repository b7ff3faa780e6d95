import { describe, expect, it } from 'vitest';
import { agencyKey, agencyMatch, sameAgency } from '../../src/validate/agency.js';

describe('agency names', () => {
  it('keys a name without its office suffix and with the government as its place', () => {
    expect(agencyKey('莆田市人民政府')).toBe('莆田市');
    expect(agencyKey('莆田市政府')).toBe('莆田市');
    expect(agencyKey('莆田市')).toBe('莆田市');
    expect(agencyKey('莆田市人民政府办公室')).toBe('莆田市');
    expect(agencyKey('莆田市人民政府信息公开办公室')).toBe('莆田市');
    expect(agencyKey('某某市政府信息公开办公室')).toBe('某某市');
    expect(agencyKey('莆田市统计局办公室')).toBe('莆田市统计局');
    expect(agencyKey('平潭综合实验区管委会')).toBe(agencyKey('平潭综合实验区管理委员会'));
    expect(agencyKey(' 莆田市 统计局 ')).toBe('莆田市统计局');
    expect(agencyKey(null)).toBeNull();
  });

  it('ranks the same name above the same key above a place prefix', () => {
    expect(agencyMatch('莆田市统计局', '莆田市统计局')).toBe(3);
    expect(agencyMatch('莆田市统计局', '莆田市统计局办公室')).toBe(2);
    expect(agencyMatch('莆田市', '莆田市人民政府')).toBe(2);
    expect(agencyMatch('淮安市洪泽区人民政府', '洪泽区人民政府')).toBe(1);
    expect(agencyMatch('中卫市沙坡头区司法局', '沙坡头区司法局')).toBe(1);
  });

  it('tells different agencies apart', () => {
    expect(sameAgency('莆田市人民政府', '莆田市统计局')).toBe(false);
    expect(sameAgency('洪泽区人民政府', '淮阴区人民政府')).toBe(false);
    // A name without a place is no short form of a longer one.
    expect(sameAgency('统计局', '莆田市统计局')).toBe(false);
    // A short form starts where a place name ends: 厢区司法局 is not 城厢区司法局 cut short.
    expect(sameAgency('莆田市城厢区司法局', '城厢区司法局')).toBe(true);
    expect(sameAgency('莆田市城厢区司法局', '厢区司法局')).toBe(false);
    expect(sameAgency(null, '莆田市统计局')).toBe(false);
    expect(sameAgency('', '莆田市统计局')).toBe(false);
  });
});
