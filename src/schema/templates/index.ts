/**
 * The three template eras (../shared/spec/report-schema.md) as data: each era's tables in
 * print order, its markers and the rules that apply. The one place this knowledge is written.
 */
import { APPEALS } from './appeals.js';
import { APPLICATIONS } from './applications.js';
import { DISCLOSURE_2019, DISCLOSURE_2021 } from './disclosure.js';
import { LEGACY } from './legacy.js';
import type { Era, EraTemplate, TableId, TableTemplate } from './types.js';

export * from './types.js';
export { APPEALS } from './appeals.js';
export { APPLICATIONS, OTHER_ONE_ROW, OTHER_THREE_ROWS } from './applications.js';
export { DISCLOSURE_2019, DISCLOSURE_2021 } from './disclosure.js';
export { LEGACY, LEGACY_HEADERS, LEGACY_SUMS, OTHER_QUANTITIES, UNITS } from './legacy.js';

/** Rules over every report, whatever its era. */
export const COMMON_RULES = [
  'report.structure',
  'extraction.confidence',
  'report.era',
  'report.published',
  'text.consistency',
  'text.reuse',
  'value.range',
] as const;

export const TEMPLATES: Readonly<Record<Era, EraTemplate>> = {
  '2008': {
    era: '2008',
    years: [2008, 2018],
    markers: ['统计指标', '统计数', '指标名称', '计量单位', '年末统计', '历年累计'],
    tables: [LEGACY],
    rules: [],
  },
  '2019': {
    era: '2019',
    years: [2019, 2020],
    markers: ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '采购项目数量'],
    tables: [DISCLOSURE_2019, APPLICATIONS, APPEALS],
    rules: [],
  },
  '2021': {
    era: '2021',
    years: [2021, null],
    markers: ['本年制发件数', '本年废止件数', '现行有效件数', '本年收费金额'],
    tables: [DISCLOSURE_2021, APPLICATIONS, APPEALS],
    rules: [],
  },
};

/** Every table of any era, each once (the disclosure table in both of its eras' forms). */
export const ALL_TABLES: readonly TableTemplate[] = [DISCLOSURE_2019, DISCLOSURE_2021, APPLICATIONS, APPEALS, LEGACY];

/** The table `id` as era `era` prints it; undefined when the era has no such table. */
export function tableOf(era: Era, id: TableId): TableTemplate | undefined {
  return TEMPLATES[era].tables.find((t) => t.id === id);
}

/** Every rule that applies to a report of `era`: its tables', its own and the common ones. */
export function rulesOf(era: Era): Set<string> {
  const t = TEMPLATES[era];
  return new Set([...COMMON_RULES, ...t.rules, ...t.tables.flatMap((table) => table.rules)]);
}

/** The era whose template a report of this year should use. */
export function expectedEra(year: number): Era {
  for (const t of Object.values(TEMPLATES))
    if (year >= t.years[0] && (t.years[1] === null || year <= t.years[1])) return t.era;
  return year < TEMPLATES['2008'].years[0] ? '2008' : '2021';
}
