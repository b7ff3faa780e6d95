/**
 * Whether two reports are by the same agency, from the names they print. One agency prints its
 * name in several forms over the years and within one report: 莆田市人民政府 / 莆田市政府 / 莆田市,
 * 平潭综合实验区管委会 / 平潭综合实验区管理委员会, 淮安市洪泽区人民政府 / 洪泽区人民政府, the
 * title's 莆田市统计局 and the signature's 莆田市统计局办公室 (the office that compiled it).
 * `meta.agency` keeps the name as printed; these keys are only for comparing.
 */

/** The office that compiles the report for its agency: …办公室, …政务公开办公室, …信息公开工作领导小组办公室. */
const OFFICE = /(?:政务公开|(?<!人民)政府信息公开|信息公开)?(?:工作)?(?:领导小组)?办公室$/u;
/** The government of a place, in its full and short forms: 人民政府, 政府, 管委会, 管理委员会. */
const GOVERNMENT = /(?:人民政府|政府|管理委员会|管委会)$/u;
/** Words that make a name a place (洪泽区, 莆田市): a shorter name must hold one to be a short form of a longer. */
const PLACE = /[省市区县州旗盟镇乡]/u;
/** Where a place prefix ends: 淮安市|洪泽区. */
const PLACE_END = /[省市区县州旗盟]$/u;

/** A name without spaces, brackets and quotes, as printed otherwise. */
export function printedName(name: string): string {
  return name.normalize('NFKC').replace(/[\s《》“”"'「」]/gu, '');
}

/** The comparable core of an agency's name: no office suffix, the government as its place (莆田市人民政府办公室 → 莆田市). */
export function agencyKey(name: string | null): string | null {
  if (name === null) return null;
  let key = printedName(name);
  for (let i = 0; i < 2; i++) key = key.replace(OFFICE, '').replace(GOVERNMENT, '');
  return key === '' ? null : key;
}

/**
 * How closely two printed names name one agency: 3 the same name, 2 the same key (short or
 * full form, an office suffix), 1 one key is the other with a place before it (淮安市|洪泽区);
 * 0 not the same agency, or a name unknown.
 */
export function agencyMatch(a: string | null, b: string | null): 0 | 1 | 2 | 3 {
  if (a === null || b === null) return 0;
  const [x, y] = [printedName(a), printedName(b)];
  if (x === '' || y === '') return 0;
  if (x === y) return 3;
  const [kx, ky] = [agencyKey(x), agencyKey(y)];
  if (kx === null || ky === null) return 0;
  if (kx === ky) return 2;
  const [short, long] = kx.length < ky.length ? [kx, ky] : [ky, kx];
  if (PLACE.test(short) && long.endsWith(short) && PLACE_END.test(long.slice(0, long.length - short.length))) return 1;
  return 0;
}

export function sameAgency(a: string | null, b: string | null): boolean {
  return agencyMatch(a, b) > 0;
}
