/**
 * text.consistency — totals stated in the prose that contradict the table.
 *
 * The patterns are tight on purpose: a keyword, then only a few fixed filler words, then the
 * number and its unit, all inside one clause (no punctuation in between). A sentence that does
 * not fit is ignored rather than guessed at: this rule must not fire on unrelated numbers.
 */
import type { Era } from '../schema/cells.js';
import type { Cells, Meta, ValidationIssue } from '../schema/record.js';
import { amountOf, isPresent, knownCellId } from './cellValues.js';
import { sameAmount } from './decimal.js';
import { issue } from './rules.js';

const NEW_RECEIVED_TOTAL = knownCellId('applications', 'newReceived', 'total');
const LEGACY_RECEIVED = knownCellId('legacy', 'requests.received', 'value');
const LEGACY_PROACTIVE = knownCellId('legacy', 'proactive.total', 'value');

/** 1,234 or 1234. */
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)`;

/**
 * 共受理申请3119件 · 全区受理政府信息公开申请21件 · 共接收依申请公开0件 · 收到政府信息公开申请共计5件.
 * Group 1 catches a negation (未收到…), which is not a statement of a count.
 */
const APPLICATION_COUNT = new RegExp(
  `(未|没有|没|无)?(?:收到|受理|新收|接收|接到)` +
    `(?:了)?(?:各类)?(?:依申请公开|政府信息公开|信息公开|政府信息|公开)?(?:的)?(?:依)?` +
    `申请(?:公开)?(?:政府信息)?(?:数量|数)?(?:共计|共|合计|总计)?(?:为)?` +
    `${NUMBER}(?:件|份|宗|条)`,
  'gu',
);

/** 主动公开政府信息共247条 · 主动公开政府信息413条. */
const PROACTIVE_COUNT = new RegExp(`主动公开(?:各类)?(?:政府)?信息(?:共计|共|合计|总计)?(?:为)?${NUMBER}条`, 'gu');

/**
 * Words in the clause before 主动公开 that make the number a part, not the total:
 * a channel (通过政府网站…), a breakdown (其中, 其他应主动公开), a running total (累计).
 */
const PROACTIVE_PART_CLAUSE = /通过|网|平台|公报|微博|微信|公众号|其中|其他|累计|应/u;

/** Clause boundaries: a statement and its keyword must sit between two of these. */
const CLAUSE_END = /[，。；！？,;!?：:、（）()]/u;

const FULLWIDTH_DIGIT = /[０-９]/gu;

/**
 * The prose as one line: full-width digits made ASCII, whitespace dropped (PDF text breaks
 * lines mid-word: 主动公开政府\n信息), except between two digits, where it stays a separator.
 */
export function normaliseProse(text: string): string {
  return (
    text
      .replace(FULLWIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/(\d)\s+(?=\d)/gu, '$1\u0000')
      .replace(/\s+/gu, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this removes
      .replace(/\u0000/gu, ' ')
  );
}

export interface StatedNumber {
  /** The cell the statement is about. */
  cellId: string;
  value: number;
  /** The matched words, as quoted in the message. */
  quote: string;
}

/** The clause a match sits in, up to the match: what precedes it back to the last boundary. */
function clauseBefore(prose: string, index: number): string {
  let start = index;
  while (start > 0 && !CLAUSE_END.test(prose[start - 1]!)) start--;
  return prose.slice(start, index);
}

function statedApplications(prose: string, era: Era): StatedNumber[] {
  const cellId = era === '2008' ? LEGACY_RECEIVED : NEW_RECEIVED_TOTAL;
  return [...prose.matchAll(APPLICATION_COUNT)]
    .filter((m) => m[1] === undefined)
    .map((m) => ({ cellId, value: Number(m[2]!.replaceAll(',', '')), quote: m[0] }));
}

function statedProactive(prose: string, era: Era): StatedNumber[] {
  if (era !== '2008') return [];
  return [...prose.matchAll(PROACTIVE_COUNT)]
    .filter((m) => !PROACTIVE_PART_CLAUSE.test(clauseBefore(prose, m.index)))
    .map((m) => ({ cellId: LEGACY_PROACTIVE, value: Number(m[1]!.replaceAll(',', '')), quote: m[0] }));
}

/** Every key total the prose states, for the era's cells. */
export function statedNumbers(text: string, era: Era): StatedNumber[] {
  const prose = normaliseProse(text);
  return [...statedApplications(prose, era), ...statedProactive(prose, era)];
}

/**
 * text.consistency: one issue per distinct stated number that differs from the table.
 * Only when the table has the cell; a blank cell counts as 0.
 */
export function checkTextConsistency(meta: Meta, cells: Cells, text: string | undefined): ValidationIssue[] {
  if (!text || meta.era === null) return [];
  const issues: ValidationIssue[] = [];
  const reported = new Set<string>();
  for (const stated of statedNumbers(text, meta.era)) {
    if (!isPresent(cells, stated.cellId)) continue;
    const table = amountOf(cells, stated.cellId);
    const key = `${stated.cellId}=${stated.value}`;
    if (sameAmount(stated.value, table) || reported.has(key)) continue;
    reported.add(key);
    issues.push(
      issue(
        'text.consistency',
        [stated.cellId],
        `正文“${stated.quote}”为 ${stated.value}，表格 ${stated.cellId} 为 ${table}`,
      ),
    );
  }
  return issues;
}
