/**
 * Value sets for the samples: the applications table computed from its result rows so that
 * every sum holds (unless a misprint is asked for), and a checker that tells, from the truth
 * cells, which of the validation rules a printed report breaks.
 */
import {
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  APPEAL_COLUMNS,
  APPEAL_ROWS,
  OTHER_ONE_ROW,
  OTHER_THREE_ROWS,
} from '../../src/schema/cells.js';
import { LEGACY_SUMS } from '../../src/schema/templates/index.js';
import type { Printed } from './tables.js';

/** The six applicant columns, 自然人 … 其他. */
export type Six = [number, number, number, number, number, number];

export interface ApplicationsSpec {
  /** Result rows (granted, withheld.stateSecret, …) by applicant column; missing rows are 0. */
  results: Partial<Record<string, Six>>;
  carriedOver?: Six;
  carriedForward?: Six;
  /** Printed text that deliberately differs from the computed value, by `row.column`. */
  misprint?: Record<string, string>;
}

export interface AppealsSpec {
  /** upheld, corrected, other, pending — the total is computed. */
  review: [number, number, number, number];
  suitDirect: [number, number, number, number];
  suitAfterReview: [number, number, number, number];
  misprint?: Record<string, string>;
}

const ZERO: Six = [0, 0, 0, 0, 0, 0];
const add = (a: readonly number[], b: readonly number[]): number[] => a.map((v, i) => v + b[i]!);
const sum = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0);

export interface ApplicationFigures {
  printed: Printed;
  newReceived: number;
  carriedOver: number;
  total: number;
  carriedForward: number;
}

export function applicationsPrinted(spec: ApplicationsSpec, otherForm: 'oneRow' | 'threeRows'): ApplicationFigures {
  const rows = APPLICATION_ROWS.filter((r) =>
    otherForm === 'oneRow' ? !(OTHER_THREE_ROWS as readonly string[]).includes(r.id) : r.id !== OTHER_ONE_ROW,
  );
  for (const k of Object.keys(spec.results)) {
    if (!rows.some((r) => r.result && r.id === k))
      throw new Error(`applications: ${k} is not a result row of form ${otherForm}`);
  }
  const values = new Map<string, number[]>();
  let total: number[] = [...ZERO];
  for (const r of rows.filter((r) => r.result)) {
    const v = spec.results[r.id] ?? ZERO;
    values.set(r.id, [...v]);
    total = add(total, v);
  }
  const over = spec.carriedOver ?? ZERO;
  const fwd = spec.carriedForward ?? ZERO;
  const fresh = add(total, fwd).map((v, i) => v - over[i]!);
  if (fresh.some((v) => v < 0)) throw new Error('applications: negative newReceived');
  values.set('newReceived', fresh);
  values.set('carriedOver', [...over]);
  values.set('total', total);
  values.set('carriedForward', [...fwd]);
  const printed: Printed = new Map();
  for (const r of rows) {
    const v = values.get(r.id)!;
    APPLICATION_COLUMNS.forEach((c, i) => {
      const n = c.id === 'total' ? sum(v) : v[i]!;
      printed.set(`applications.${r.id}.${c.id}`, spec.misprint?.[`${r.id}.${c.id}`] ?? String(n));
    });
  }
  for (const k of Object.keys(spec.misprint ?? {}))
    if (!printed.has(`applications.${k}`)) throw new Error(`misprint of unknown cell ${k}`);
  return { printed, newReceived: sum(fresh), carriedOver: sum(over), total: sum(total), carriedForward: sum(fwd) };
}

export function appealsPrinted(spec: AppealsSpec): Printed {
  const printed: Printed = new Map();
  for (const row of APPEAL_ROWS) {
    const parts = spec[row.id as 'review' | 'suitDirect' | 'suitAfterReview'];
    APPEAL_COLUMNS.forEach((c, i) => {
      const n = c.id === 'total' ? sum(parts) : parts[i]!;
      printed.set(`appeals.${row.id}.${c.id}`, spec.misprint?.[`${row.id}.${c.id}`] ?? String(n));
    });
  }
  return printed;
}

export const ZERO_APPEALS: AppealsSpec = {
  review: [0, 0, 0, 0],
  suitDirect: [0, 0, 0, 0],
  suitAfterReview: [0, 0, 0, 0],
};

// ── the consistency checker ─────────────────────────────────────────────────────────

export type Rule =
  | 'applications.balance'
  | 'applications.results'
  | 'applications.rowSum'
  | 'appeals.total'
  | 'legacy.sums';

/** Which of the sum rules the printed values (truth cells) break, in a fixed order. */
export function failingRules(cells: Record<string, number>): Rule[] {
  const has = (id: string): boolean => id in cells;
  const v = (id: string): number => {
    const x = cells[id];
    if (x === undefined) throw new Error(`checker: missing ${id}`);
    return x;
  };
  const eq = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
  const failed = new Set<Rule>();
  if (has('applications.total.total')) {
    const rows = APPLICATION_ROWS.filter((r) => has(`applications.${r.id}.total`));
    for (const c of APPLICATION_COLUMNS) {
      const at = (row: string): number => v(`applications.${row}.${c.id}`);
      if (!eq(at('newReceived') + at('carriedOver'), at('total') + at('carriedForward')))
        failed.add('applications.balance');
      const results = rows.filter((r) => r.result).reduce((s, r) => s + at(r.id), 0);
      if (!eq(at('total'), results)) failed.add('applications.results');
    }
    for (const r of rows) {
      const parts = APPLICATION_COLUMNS.filter((c) => c.id !== 'total').reduce(
        (s, c) => s + v(`applications.${r.id}.${c.id}`),
        0,
      );
      if (!eq(v(`applications.${r.id}.total`), parts)) failed.add('applications.rowSum');
    }
  }
  if (has('appeals.review.total')) {
    for (const r of APPEAL_ROWS) {
      const p = (c: string): number => v(`appeals.${r.id}.${c}`);
      if (!eq(p('total'), p('upheld') + p('corrected') + p('other') + p('pending'))) failed.add('appeals.total');
    }
  }
  // The old table's sums, over the parts the table prints (a provincial form prints its own).
  const l = (id: string): number => v(`legacy.${id}.value`);
  const printed = (id: string): boolean => has(`legacy.${id}.value`);
  for (const { total, parts } of LEGACY_SUMS) {
    if (!printed(total) || !parts.some(printed)) continue;
    if (
      !eq(
        l(total),
        parts.filter(printed).reduce((s, p) => s + l(p), 0),
      )
    )
      failed.add('legacy.sums');
  }
  const order: Rule[] = [
    'applications.balance',
    'applications.results',
    'applications.rowSum',
    'appeals.total',
    'legacy.sums',
  ];
  return order.filter((r) => failed.has(r));
}
