/**
 * The key figures of one report, as the agency pages chart them by year: 新收申请, 予以公开,
 * 不予公开, 行政复议, 行政诉讼, 结转下年度继续办理, and the 2021 template's 现行有效件数 (规章,
 * 行政规范性文件). Taken from the record's cells as printed; the old table's rows where it has
 * the same quantity. A figure the report does not print is null, never 0. Pure.
 */
import { APPLICATIONS } from '../schema/templates/index.js';
import type { Cells } from '../schema/record.js';
import type { Era } from '../schema/cells.js';

export const FIGURES = [
  'newReceived',
  'granted',
  'withheld',
  'review',
  'suit',
  'carriedForward',
  'inForceRules',
  'inForceNormativeDocs',
] as const;
export type Figure = (typeof FIGURES)[number];

/** The template's words for each figure (src/schema/templates/). */
export const FIGURE_LABELS: Readonly<Record<Figure, string>> = {
  newReceived: '新收申请',
  granted: '予以公开',
  withheld: '不予公开',
  review: '行政复议',
  suit: '行政诉讼',
  carriedForward: '结转下年度继续办理',
  inForceRules: '现行有效件数·规章',
  inForceNormativeDocs: '现行有效件数·行政规范性文件',
};

const WITHHELD_ROWS = APPLICATIONS.rows.filter((r) => r.group === 'withheld').map((r) => `applications.${r.id}.total`);

/** The cells each figure adds up, by era. */
const SOURCES: Readonly<Record<'modern' | 'legacy', Partial<Record<Figure, readonly string[]>>>> = {
  modern: {
    newReceived: ['applications.newReceived.total'],
    granted: ['applications.granted.total'],
    withheld: WITHHELD_ROWS,
    review: ['appeals.review.total'],
    suit: ['appeals.suitDirect.total', 'appeals.suitAfterReview.total'],
    carriedForward: ['applications.carriedForward.total'],
    inForceRules: ['disclosure.rules.inForce'],
    inForceNormativeDocs: ['disclosure.normativeDocs.inForce'],
  },
  legacy: {
    newReceived: ['legacy.requests.received.value'],
    granted: ['legacy.requests.granted.value'],
    withheld: ['legacy.requests.denied.value'],
    review: ['legacy.review.total.value'],
    suit: ['legacy.suit.total.value'],
  },
};

export type Figures = Record<Figure, number | null>;

/** Each figure: the sum of its cells the report prints (a printed blank is 0); null when it prints none of them. */
export function figuresOf(era: Era | null, cells: Cells): Figures {
  const sources = SOURCES[era === '2008' ? 'legacy' : 'modern'];
  const out = {} as Figures;
  for (const f of FIGURES) {
    const ids = (sources[f] ?? []).filter((id) => id in cells);
    if (ids.length === 0) {
      out[f] = null;
      continue;
    }
    let total = 0;
    for (const id of ids) {
      const v = cells[id]!.value;
      total += typeof v === 'number' ? v : 0;
    }
    out[f] = Math.round(total * 1e6) / 1e6;
  }
  return out;
}
