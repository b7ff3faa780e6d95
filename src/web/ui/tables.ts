/**
 * The report's tables as the national templates print them, cell ids in place of values: the
 * report page fills each place through a callback. Labels come from src/schema/cells.ts (the
 * template's own wording first); the numbering and grouping here follow the templates.
 */
import {
  APPEAL_COLUMNS,
  APPEAL_ROWS,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  DISCLOSURE_COLUMNS,
  DISCLOSURE_ROWS,
  LEGACY_ROWS,
  OTHER_ONE_ROW,
  cellId,
  parseCellId,
  type Era,
} from '../../schema/cells.js';
import { html, type Html } from './html.js';

export type CellRenderer = (id: string) => Html;

const label = (list: readonly { id: string; labels: readonly string[] }[], id: string): string => list.find((x) => x.id === id)?.labels[0] ?? id;

export const TABLE_TITLES: Record<string, string> = {
  disclosure: '二、主动公开政府信息情况',
  applications: '三、收到和处理政府信息公开申请情况',
  appeals: '四、政府信息公开行政复议、行政诉讼情况',
  legacy: '政府信息公开情况统计表',
};

const GROUP_TITLES: Record<string, string> = {
  withheld: '（三）不予公开',
  unavailable: '（四）无法提供',
  notProcessed: '（五）不予处理',
  other: '（六）其他处理',
};

const NUMBERED: Record<string, string> = {
  newReceived: '一、',
  carriedOver: '二、',
  granted: '（一）',
  partlyGranted: '（二）',
  total: '（七）',
  carriedForward: '四、',
};

function applicationRowLabel(rowId: string, oneRowOther: boolean): string {
  const row = APPLICATION_ROWS.find((r) => r.id === rowId);
  if (!row) return rowId;
  if (rowId === OTHER_ONE_ROW && oneRowOther) return '（六）其他处理';
  if (NUMBERED[rowId]) return `${NUMBERED[rowId]}${row.labels[0]}`;
  if (row.group) {
    const inGroup = APPLICATION_ROWS.filter((r) => r.group === row.group && r.id !== OTHER_ONE_ROW);
    return `${inGroup.findIndex((r) => r.id === rowId) + 1}. ${row.labels[0]}`;
  }
  return row.labels[0]!;
}

/** A cell's name in words: table, row and column as the template says them. */
export function cellLabel(id: string, era: Era | null): string {
  let p;
  try {
    p = parseCellId(id);
  } catch {
    return id;
  }
  if (p.table === 'legacy') return label(LEGACY_ROWS, p.row);
  if (p.table === 'appeals') {
    const row = p.row === 'review' ? '行政复议' : p.row === 'suitDirect' ? '行政诉讼·未经复议直接起诉' : '行政诉讼·复议后起诉';
    return `${row} · ${label(APPEAL_COLUMNS, p.column)}`;
  }
  if (p.table === 'applications') {
    const row = APPLICATION_ROWS.find((r) => r.id === p.row);
    const group = row?.group && row.id !== OTHER_ONE_ROW ? `${GROUP_TITLES[row.group]} ` : '';
    return `${group}${applicationRowLabel(p.row, true)} · ${label(APPLICATION_COLUMNS, p.column)}`;
  }
  const e = era === '2019' ? '2019' : '2021';
  return `${label(DISCLOSURE_ROWS[e], p.row)} · ${label(DISCLOSURE_COLUMNS[e], p.column)}`;
}

function disclosureTable(era: '2019' | '2021', cell: CellRenderer): Html {
  // Rows with the same columns form one block, as the template's 第二十条 items do.
  const blocks: { columns: readonly string[]; rows: string[] }[] = [];
  for (const row of DISCLOSURE_ROWS[era]) {
    const last = blocks[blocks.length - 1];
    if (last && last.columns.join() === row.columns.join()) last.rows.push(row.id);
    else blocks.push({ columns: row.columns, rows: [row.id] });
  }
  return html`<table class="sheet disclosure">
    ${blocks.map(
      (b) => html`<tbody>
        <tr class="head"><th>信息内容</th>${b.columns.map((c) => html`<th>${label(DISCLOSURE_COLUMNS[era], c)}</th>`)}</tr>
        ${b.rows.map((r) => html`<tr><th class="label">${label(DISCLOSURE_ROWS[era], r)}</th>${b.columns.map((c) => cell(cellId('disclosure', r, c)))}</tr>`)}
      </tbody>`,
    )}
  </table>`;
}

function applicationsTable(cell: CellRenderer, oneRowOther: boolean): Html {
  const rows = APPLICATION_ROWS.filter((r) => (oneRowOther ? !['other.noCorrection', 'other.unpaidFee', 'other.misc'].includes(r.id) : r.id !== OTHER_ONE_ROW));
  const results = rows.filter((r) => r.result || r.id === 'total');
  const orgColumns = APPLICATION_COLUMNS.slice(1, 6);
  const values = (rowId: string): Html[] => APPLICATION_COLUMNS.map((c) => cell(cellId('applications', rowId, c.id)));
  const body: Html[] = [];
  let groupShown = '';
  for (const row of rows) {
    const inResults = results.includes(row);
    const first = inResults && row === results[0];
    const outer = first ? html`<th class="group" rowspan="${results.length}">三、本年度办理结果</th>` : '';
    if (!inResults) {
      body.push(html`<tr><th class="label" colspan="3">${applicationRowLabel(row.id, oneRowOther)}</th>${values(row.id)}</tr>`);
    } else if (row.group && !(row.id === OTHER_ONE_ROW && oneRowOther)) {
      const size = rows.filter((r) => r.group === row.group).length;
      const group = groupShown !== row.group ? html`<th class="group" rowspan="${size}">${GROUP_TITLES[row.group]}</th>` : '';
      groupShown = row.group;
      body.push(html`<tr>${outer}${group}<th class="label">${applicationRowLabel(row.id, oneRowOther)}</th>${values(row.id)}</tr>`);
    } else {
      body.push(html`<tr>${outer}<th class="label" colspan="2">${applicationRowLabel(row.id, oneRowOther)}</th>${values(row.id)}</tr>`);
    }
  }
  return html`<table class="sheet applications">
    <thead>
      <tr><th colspan="3" rowspan="2" class="corner">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>
        <th rowspan="2">${APPLICATION_COLUMNS[0]!.labels[0]}</th><th colspan="5">法人或其他组织</th><th rowspan="2">${label(APPLICATION_COLUMNS, 'total')}</th></tr>
      <tr>${orgColumns.map((c) => html`<th>${c.labels[0]}</th>`)}</tr>
    </thead>
    <tbody>${body}</tbody>
  </table>`;
}

function appealsTable(cell: CellRenderer): Html {
  const heads = (attrs: 'rowspan' | ''): Html[] => APPEAL_COLUMNS.map((c) => (attrs ? html`<th rowspan="2">${c.labels[0]}</th>` : html`<th>${c.labels[0]}</th>`));
  return html`<table class="sheet appeals">
    <thead>
      <tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>
      <tr>${heads('rowspan')}<th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>
      <tr>${heads('')}${heads('')}</tr>
    </thead>
    <tbody><tr>${APPEAL_ROWS.map((r) => APPEAL_COLUMNS.map((c) => cell(cellId('appeals', r.id, c.id))))}</tr></tbody>
  </table>`;
}

function legacyTable(cell: CellRenderer): Html {
  return html`<table class="sheet legacy">
    <thead><tr><th>统计指标</th><th>统计数</th></tr></thead>
    <tbody>${LEGACY_ROWS.map((r) => html`<tr><th class="label">${r.labels[0]}</th>${cell(cellId('legacy', r.id, 'value'))}</tr>`)}</tbody>
  </table>`;
}

export interface TableBlock {
  table: string;
  title: string;
  body: Html;
}

/** The era's tables in print order. `oneRowOther`: the report prints （六）其他处理 as one row. */
export function reportTables(era: Era, cell: CellRenderer, oneRowOther: boolean): TableBlock[] {
  if (era === '2008') return [{ table: 'legacy', title: TABLE_TITLES.legacy!, body: legacyTable(cell) }];
  return [
    { table: 'disclosure', title: TABLE_TITLES.disclosure!, body: disclosureTable(era, cell) },
    { table: 'applications', title: TABLE_TITLES.applications!, body: applicationsTable(cell, oneRowOther) },
    { table: 'appeals', title: TABLE_TITLES.appeals!, body: appealsTable(cell) },
  ];
}

/** The cell ids in the order the tables show them (for "next flagged cell"). */
export function tableOrder(era: Era, oneRowOther: boolean): string[] {
  const ids: string[] = [];
  reportTables(era, (id) => {
    ids.push(id);
    return html``;
  }, oneRowOther);
  return ids;
}
