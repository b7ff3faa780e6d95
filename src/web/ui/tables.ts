/**
 * The report's tables as the templates print them, cell ids in place of values: the report
 * page fills each place through a callback. Titles, labels, groups and numbering come from the
 * templates (src/schema/templates/); only the layout of the sheets is written here.
 */
import { cellId, parseCellId } from '../../schema/cells.js';
import {
  APPEALS,
  APPLICATIONS,
  LEGACY,
  OTHER_ONE_ROW,
  OTHER_THREE_ROWS,
  TEMPLATES,
  tableOf,
  type Era,
  type TableId,
} from '../../schema/templates/index.js';
import { html, type Html } from './html.js';

export type CellRenderer = (id: string) => Html;

const label = (list: readonly { id: string; labels: readonly string[] }[], id: string): string =>
  list.find((x) => x.id === id)?.labels[0] ?? id;

const APPLICATION_ROWS = APPLICATIONS.rows;
const APPLICATION_COLUMNS = APPLICATIONS.columns;
const groupTitle = (group: string): string => APPLICATIONS.groups.find((g) => g.id === group)?.title ?? group;

function applicationRowLabel(rowId: string, oneRowOther: boolean): string {
  const row = APPLICATION_ROWS.find((r) => r.id === rowId);
  if (!row) return rowId;
  if (rowId === OTHER_ONE_ROW && oneRowOther) return groupTitle('other');
  if (row.numbering && rowId !== OTHER_ONE_ROW) return `${row.numbering}${row.labels[0]}`;
  if (row.group) {
    const inGroup = APPLICATION_ROWS.filter((r) => r.group === row.group && r.id !== OTHER_ONE_ROW);
    return `${inGroup.findIndex((r) => r.id === rowId) + 1}. ${row.labels[0]}`;
  }
  return row.labels[0]!;
}

/** An appeals row in words: 行政复议, 行政诉讼·未经复议直接起诉. */
function appealRowLabel(rowId: string): string {
  const row = APPEALS.rows.find((r) => r.id === rowId);
  if (!row) return rowId;
  const group = row.group ? APPEALS.groups.find((g) => g.id === row.group)?.title : undefined;
  return group ? `${group}·${row.labels[0]}` : row.labels[0]!;
}

/** A cell's name in words: table, row and column as the template says them. */
export function cellLabel(id: string, era: Era | null): string {
  let p;
  try {
    p = parseCellId(id);
  } catch {
    return id;
  }
  if (p.table === 'legacy') return label(LEGACY.rows, p.row);
  if (p.table === 'appeals') return `${appealRowLabel(p.row)} · ${label(APPEALS.columns, p.column)}`;
  if (p.table === 'applications') {
    const row = APPLICATION_ROWS.find((r) => r.id === p.row);
    const group = row?.group && row.id !== OTHER_ONE_ROW ? `${groupTitle(row.group)} ` : '';
    return `${group}${applicationRowLabel(p.row, true)} · ${label(APPLICATION_COLUMNS, p.column)}`;
  }
  const table = tableOf(era === '2019' ? '2019' : '2021', 'disclosure')!;
  return `${label(table.rows, p.row)} · ${label(table.columns, p.column)}`;
}

function disclosureTable(era: '2019' | '2021', cell: CellRenderer): Html {
  const table = tableOf(era, 'disclosure')!;
  // Rows with the same columns form one block, as the template's 第二十条 items do.
  const blocks: { columns: readonly string[]; rows: string[] }[] = [];
  for (const row of table.rows) {
    const last = blocks[blocks.length - 1];
    if (last && last.columns.join() === row.columns.join()) last.rows.push(row.id);
    else blocks.push({ columns: row.columns, rows: [row.id] });
  }
  return html`<table class="sheet disclosure">
    ${blocks.map(
      (b) => html`<tbody>
        <tr class="head"><th>信息内容</th>${b.columns.map((c) => html`<th>${label(table.columns, c)}</th>`)}</tr>
        ${b.rows.map(
          (r) => html`<tr>
          <th class="label">${label(table.rows, r)}</th>${b.columns.map((c) => cell(cellId('disclosure', r, c)))}</tr>`,
        )}
      </tbody>`,
    )}
  </table>`;
}

function applicationsTable(cell: CellRenderer, oneRowOther: boolean): Html {
  const rows = APPLICATION_ROWS.filter((r) =>
    oneRowOther ? !(OTHER_THREE_ROWS as readonly string[]).includes(r.id) : r.id !== OTHER_ONE_ROW,
  );
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
      body.push(
        html`<tr><th class="label" colspan="3">${applicationRowLabel(row.id, oneRowOther)}</th>${values(row.id)}</tr>`,
      );
    } else if (row.group && !(row.id === OTHER_ONE_ROW && oneRowOther)) {
      const size = rows.filter((r) => r.group === row.group).length;
      const group =
        groupShown !== row.group ? html`<th class="group" rowspan="${size}">${groupTitle(row.group)}</th>` : '';
      groupShown = row.group;
      const rowLabel = applicationRowLabel(row.id, oneRowOther);
      body.push(html`<tr>${outer}${group}<th class="label">${rowLabel}</th>${values(row.id)}</tr>`);
    } else {
      body.push(
        html`<tr>${outer}<th class="label"
          colspan="2">${applicationRowLabel(row.id, oneRowOther)}</th>${values(row.id)}</tr>`,
      );
    }
  }
  return html`<table class="sheet applications">
    <thead>
      <tr><th colspan="3" rowspan="2" class="corner">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>
        <th rowspan="2">${APPLICATION_COLUMNS[0]!.labels[0]}</th><th colspan="5">法人或其他组织</th>
          <th rowspan="2">${label(APPLICATION_COLUMNS, 'total')}</th></tr>
      <tr>${orgColumns.map((c) => html`<th>${c.labels[0]}</th>`)}</tr>
    </thead>
    <tbody>${body}</tbody>
  </table>`;
}

function appealsTable(cell: CellRenderer): Html {
  const heads = (attrs: 'rowspan' | ''): Html[] =>
    APPEALS.columns.map((c) => (attrs ? html`<th rowspan="2">${c.labels[0]}</th>` : html`<th>${c.labels[0]}</th>`));
  const [review, direct, afterReview] = APPEALS.rows.map((r) => r.labels[0]!);
  const suit = APPEALS.groups.find((g) => g.id === 'suit')!.title;
  return html`<table class="sheet appeals">
    <thead>
      <tr><th colspan="5">${review}</th><th colspan="10">${suit}</th></tr>
      <tr>${heads('rowspan')}<th colspan="5">${direct}</th><th colspan="5">${afterReview}</th></tr>
      <tr>${heads('')}${heads('')}</tr>
    </thead>
    <tbody><tr>${APPEALS.rows.map((r) => APPEALS.columns.map((c) => cell(cellId('appeals', r.id, c.id))))}</tr></tbody>
  </table>`;
}

function legacyTable(cell: CellRenderer): Html {
  return html`<table class="sheet legacy">
    <thead><tr><th>统计指标</th><th>${LEGACY.columns[0]!.labels[0]}</th></tr></thead>
    <tbody>${LEGACY.rows.map(
      (r) => html`<tr>
      <th class="label">${r.labels[0]}</th>${cell(cellId('legacy', r.id, 'value'))}</tr>`,
    )}</tbody>
  </table>`;
}

export interface TableBlock {
  table: TableId;
  title: string;
  body: Html;
}

/** The era's tables in print order. `oneRowOther`: the report prints （六）其他处理 as one row. */
export function reportTables(era: Era, cell: CellRenderer, oneRowOther: boolean): TableBlock[] {
  return TEMPLATES[era].tables.map((t) => {
    const body =
      t.id === 'legacy'
        ? legacyTable(cell)
        : t.id === 'disclosure'
          ? disclosureTable(era === '2019' ? '2019' : '2021', cell)
          : t.id === 'applications'
            ? applicationsTable(cell, oneRowOther)
            : appealsTable(cell);
    return { table: t.id, title: t.title, body };
  });
}

/** The cell ids in the order the tables show them (for "next flagged cell"). */
export function tableOrder(era: Era, oneRowOther: boolean): string[] {
  const ids: string[] = [];
  reportTables(
    era,
    (id) => {
      ids.push(id);
      return html``;
    },
    oneRowOther,
  );
  return ids;
}
