/** 四、因政府信息公开工作被申请行政复议、提起行政诉讼情况: fifteen cells in one printed row. */
import type { ColumnDef, RowDef, TableTemplate } from './types.js';

const COLUMNS: readonly ColumnDef[] = [
  { id: 'upheld', labels: ['结果维持'] },
  { id: 'corrected', labels: ['结果纠正'] },
  { id: 'other', labels: ['其他结果'] },
  { id: 'pending', labels: ['尚未审结'] },
  { id: 'total', labels: ['总计'] },
];
const ALL = COLUMNS.map((c) => c.id);

/** Each row is a group of five columns in the one printed row; the two suits are kinds of 行政诉讼. */
const ROWS: readonly RowDef[] = [
  { id: 'review', labels: ['行政复议'], columns: ALL },
  { id: 'suitDirect', labels: ['未经复议直接起诉'], columns: ALL, group: 'suit' },
  { id: 'suitAfterReview', labels: ['复议后起诉'], columns: ALL, group: 'suit' },
];

export const APPEALS: TableTemplate = {
  id: 'appeals',
  title: '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况',
  markers: ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '尚未审结'],
  columns: COLUMNS,
  rows: ROWS,
  groups: [{ id: 'suit', labels: ['行政诉讼'], title: '行政诉讼' }],
  printed: 'all',
  rules: ['appeals.total'],
};
