/**
 * zhongning-justice-2021.txt is a layout-less dump: hard-wrapped lines, tables flattened to
 * words. Its prose is reflowed (seed.ts reflowDump); its tables are rebuilt here in the seeds'
 * tab-separated form, with the wording the dump shows (社会公益组织, full-width brackets,
 * 其他法律行政法规禁止公开, the three-row （六）其他处理) and the values it prints.
 */
import { reflowDump } from './seed.js';

const T = '\t';
const row = (...cells: string[]): string => cells.join(T);
const zeros = (n: number): string[] => new Array<string>(n).fill('0');

const TABLES = [
  '二、主动公开政府信息情况',
  '',
  row('第二十条第（一）项', '', '', ''),
  row('信息内容', '本年制发件数', '本年废止件数', '现行有效件数'),
  row('规章', '0', '0', '0'),
  row('行政规范性文件', '0', '0', '1'),
  row('第二十条第（五）项', '', '', ''),
  row('信息内容', '本年处理决定数量', '', ''),
  row('行政许可', '0', '', ''),
  row('第二十条第（六）项', '', '', ''),
  row('信息内容', '本年处理决定数量', '', ''),
  row('行政处罚', '0', '', ''),
  row('行政强制', '0', '', ''),
  row('第二十条第（八）项', '', '', ''),
  row('信息内容', '本年收费金额（单位：万元）', '', ''),
  row('行政事业性收费', '0', '', ''),
  '',
  '三、收到和处理政府信息公开申请情况',
  '',
  row(
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    '',
    '申请人情况',
    '',
    '',
    '',
    '',
    '',
    '总计',
  ),
  row('', '', '自然人', '法人或其他组织', '', '', '', '', ''),
  row('', '', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', ''),
  row('一、本年新收政府信息公开申请数量', '', ...zeros(7)),
  row('二、上年结转政府信息公开申请数量', '', ...zeros(7)),
  row('三、本年度办理结果', '（一）予以公开', ...zeros(7)),
  row('', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ...zeros(7)),
  row('', '（三）不予公开', '1.属于国家秘密', ...zeros(7)),
  row('', '', '2.其他法律行政法规禁止公开', ...zeros(7)),
  row('', '', '3.危及“三安全一稳定”', ...zeros(7)),
  row('', '', '4.保护第三方合法权益', ...zeros(7)),
  row('', '', '5.属于三类内部事务信息', ...zeros(7)),
  row('', '', '6.属于四类过程性信息', ...zeros(7)),
  row('', '', '7.属于行政执法案卷', ...zeros(7)),
  row('', '', '8.属于行政查询事项', ...zeros(7)),
  row('', '（四）无法提供', '1.本机关不掌握相关政府信息', ...zeros(7)),
  row('', '', '2.没有现成信息需要另行制作', ...zeros(7)),
  row('', '', '3.补正后申请内容仍不明确', ...zeros(7)),
  row('', '（五）不予处理', '1.信访举报投诉类申请', ...zeros(7)),
  row('', '', '2.重复申请', ...zeros(7)),
  row('', '', '3.要求提供公开出版物', ...zeros(7)),
  row('', '', '4.无正当理由大量反复申请', ...zeros(7)),
  row('', '', '5.要求行政机关确认或重新出具已获取信息', ...zeros(7)),
  row('', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', ...zeros(7)),
  row('', '', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', ...zeros(7)),
  row('', '', '3.其他', ...zeros(7)),
  row('', '（七）总计', ...zeros(7)),
  row('四、结转下年度继续办理', '', ...zeros(7)),
  '',
  '四、政府信息公开行政复议、行政诉讼情况',
  '',
  row('行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', ''),
  row(
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
    '未经复议直接起诉',
    '',
    '',
    '',
    '',
    '复议后起诉',
    '',
    '',
    '',
    '',
  ),
  row(
    '',
    '',
    '',
    '',
    '',
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
  ),
  row(...zeros(15)),
  '',
].join('\n');

/** The dump's prose reflowed, with its table region replaced by the rebuilt tables. */
export function zhongningSeed(dump: string): string {
  const text = reflowDump(dump, 2);
  const start = text.indexOf('二、主动公开政府信息情况');
  const end = text.indexOf('五、存在的主要问题及改进措施');
  if (start < 0 || end < start) throw new Error('zhongning: table region not found');
  return `${text.slice(0, start)}${TABLES}\n${text.slice(end)}`;
}
