import { describe, expect, it } from 'vitest';
import { NATIONAL_LEGACY_ROWS, cellIdsForEra, validCellIds } from '../../src/schema/cells.js';
import {
  ALL_TABLES,
  ERAS,
  LEGACY,
  LEGACY_SUMS,
  TEMPLATES,
  expectedEra,
  rulesOf,
  tableOf,
} from '../../src/schema/templates/index.js';
import { reportTables } from '../../src/web/ui/tables.js';
import { RULES } from '../../src/validate/rules.js';

describe('templates as data', () => {
  it('every row names columns of its table, every id is unique within its table', () => {
    for (const t of ALL_TABLES) {
      const columns = new Set(t.columns.map((c) => c.id));
      for (const row of t.rows)
        for (const c of row.columns) expect(columns.has(c), `${t.id}.${row.id}.${c}`).toBe(true);
      expect(new Set(t.rows.map((r) => r.id)).size).toBe(t.rows.length);
      for (const row of t.rows)
        if (row.group && t.id === 'applications') expect(t.groups.map((g) => g.id)).toContain(row.group);
    }
  });

  it('names only rules the validator has, and the rules each era runs', () => {
    for (const era of ERAS) for (const rule of rulesOf(era)) expect(RULES).toHaveProperty([rule]);
    expect(rulesOf('2008').has('legacy.sums')).toBe(true);
    expect(rulesOf('2008').has('applications.balance')).toBe(false);
    expect(rulesOf('2019').has('archive.carryOver')).toBe(true);
    expect(rulesOf('2019').has('archive.inForce')).toBe(false);
    expect(rulesOf('2021').has('archive.inForce')).toBe(true);
  });

  it('keeps the cell ids of the spec: 2019 and 2021 as before, the old table with its provincial rows', () => {
    expect(cellIdsForEra('2021', { otherForm: 'threeRows' })).toHaveLength(10 + 175 + 15);
    expect(cellIdsForEra('2019', { otherForm: 'oneRow' })).toHaveLength(22 + 161 + 15);
    expect(NATIONAL_LEGACY_ROWS).toHaveLength(58);
    const provincial = LEGACY.rows.filter((r) => r.provincial).map((r) => r.id);
    expect(provincial.sort()).toEqual(
      [
        'access.pageViews',
        'access.readingRoomUses',
        'access.readingRoomVisitors',
        'channel.press',
        'fees.waived',
        'requests.email',
        'requests.otherForm',
        'requests.otherReplies',
      ].sort(),
    );
    expect(validCellIds('2008').has('legacy.requests.email.value')).toBe(true);
    expect(validCellIds('2021').has('legacy.requests.email.value')).toBe(false);
    for (const { total, parts } of LEGACY_SUMS)
      for (const id of [total, ...parts]) expect(LEGACY.rows.map((r) => r.id)).toContain(id);
  });

  it('says which era a year should use', () => {
    expect(expectedEra(2008)).toBe('2008');
    expect(expectedEra(2018)).toBe('2008');
    expect(expectedEra(2019)).toBe('2019');
    expect(expectedEra(2020)).toBe('2019');
    expect(expectedEra(2021)).toBe('2021');
    expect(expectedEra(2030)).toBe('2021');
  });

  it('gives the review UI its titles: one title per table, the same as validation uses', () => {
    for (const era of ERAS) {
      const blocks = reportTables(era, () => '' as never, false);
      expect(blocks.map((b) => [b.table, b.title])).toEqual(TEMPLATES[era].tables.map((t) => [t.id, t.title]));
    }
    expect(tableOf('2021', 'appeals')!.title).toBe('四、因政府信息公开工作被申请行政复议、提起行政诉讼情况');
    expect(tableOf('2008', 'appeals')).toBeUndefined();
  });
});
