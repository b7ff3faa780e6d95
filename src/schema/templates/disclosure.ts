/** 二、主动公开政府信息情况: the disclosure table of eras 2019 and 2021 (第二十条 items). */
import type { ColumnDef, RowDef, TableTemplate } from './types.js';

const TITLE = '二、主动公开政府信息情况';
const MARKERS = [
  '信息内容',
  '规章',
  '行政规范性文件',
  '规范性文件',
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政事业性收费',
  '处理决定数量',
];

const DOCS_2021 = ['issued', 'repealed', 'inForce'] as const;

const COLUMNS_2021: readonly ColumnDef[] = [
  { id: 'issued', labels: ['本年制发件数', '本年新制发件数'] },
  { id: 'repealed', labels: ['本年废止件数'] },
  { id: 'inForce', labels: ['现行有效件数'] },
  { id: 'decisions', labels: ['本年处理决定数量', '处理决定数量'] },
  { id: 'amount', labels: ['本年收费金额', '收费金额'], amount: true },
];

const ROWS_2021: readonly RowDef[] = [
  { id: 'rules', labels: ['规章'], columns: DOCS_2021 },
  { id: 'normativeDocs', labels: ['行政规范性文件', '规范性文件'], columns: DOCS_2021 },
  { id: 'licensing', labels: ['行政许可'], columns: ['decisions'] },
  { id: 'penalty', labels: ['行政处罚'], columns: ['decisions'] },
  { id: 'enforcement', labels: ['行政强制'], columns: ['decisions'] },
  { id: 'fees', labels: ['行政事业性收费'], columns: ['amount'] },
];

export const DISCLOSURE_2021: TableTemplate = {
  id: 'disclosure',
  title: TITLE,
  markers: MARKERS,
  columns: COLUMNS_2021,
  rows: ROWS_2021,
  groups: [],
  printed: 'columnsAsPrinted',
  rules: ['archive.inForce'],
};

const DOCS_2019 = ['created', 'published', 'totalPublished'] as const;
const ITEMS_2019 = ['prevItems', 'change', 'decisions'] as const;

const COLUMNS_2019: readonly ColumnDef[] = [
  { id: 'created', labels: ['本年新制作数量', '本年制作数量'] },
  { id: 'published', labels: ['本年新公开数量', '本年公开数量'] },
  { id: 'totalPublished', labels: ['对外公开总数量', '公开总数量'] },
  // Last year's count: a header without 上一年 (2019年项目数量) counts something else.
  { id: 'prevItems', labels: ['上一年项目数量', '上年项目数量'], requires: ['上一年', '上年', '去年'] },
  { id: 'change', labels: ['本年增/减', '本年增减'], signed: true },
  { id: 'decisions', labels: ['处理决定数量', '本年处理决定数量'] },
  { id: 'items', labels: ['采购项目数量'] },
  { id: 'amount', labels: ['采购总金额'], amount: true },
];

const ROWS_2019: readonly RowDef[] = [
  { id: 'rules', labels: ['规章'], columns: DOCS_2019 },
  { id: 'normativeDocs', labels: ['规范性文件', '行政规范性文件'], columns: DOCS_2019 },
  { id: 'licensing', labels: ['行政许可'], columns: ITEMS_2019 },
  { id: 'otherServices', labels: ['其他对外管理服务事项'], columns: ITEMS_2019 },
  { id: 'penalty', labels: ['行政处罚'], columns: ITEMS_2019 },
  { id: 'enforcement', labels: ['行政强制'], columns: ITEMS_2019 },
  { id: 'fees', labels: ['行政事业性收费'], columns: ['prevItems', 'change'] },
  { id: 'procurement', labels: ['政府集中采购'], columns: ['items', 'amount'] },
];

export const DISCLOSURE_2019: TableTemplate = {
  id: 'disclosure',
  title: TITLE,
  markers: MARKERS,
  columns: COLUMNS_2019,
  rows: ROWS_2019,
  groups: [],
  printed: 'columnsAsPrinted',
  rules: [],
};
