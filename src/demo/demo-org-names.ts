/**
 * Names, sub-types and credit-code categories of the demo's orgs: plausible, invented 两新组织 of
 * 历城区 (济南某某科技有限公司, 历城区某某行业协会 …).
 */
import type { OrgKind } from '../db/schema/ledger.ts';
import * as W from './demo-words.ts';
import type { Rng } from './prng.ts';

/** How many orgs of each street, relative to the others (urban and industrial streets hold more). */
export const STREET_WEIGHT: Record<string, number> = {
  山大路街道: 3, 洪家楼街道: 2, 东风街道: 2, 全福街道: 2, 华山街道: 2, 王舍人街道: 3, 鲍山街道: 2, 郭店街道: 2, 唐冶街道: 3,
  港沟街道: 3, 唐王街道: 2,
};
export const RURAL = new Set(['仲宫街道', '柳埠街道', '西营街道', '唐王街道', '彩石街道']);

type SocialSubtype = '行业协会商会' | '民办学校' | '民办医院' | '律师事务所' | '会计师事务所' | '税务师事务所' | '学会' | '基金会' | '社会团体';

export function orgName(rng: Rng, kind: OrgKind, subtype: string | null, streetName: string): string {
  const brand = rng.pick(W.BRANDS);
  const town = streetName.replace(/街道$/, '');
  if (kind === 'enterprise') {
    switch (subtype) {
      case '互联网':
        return `济南${brand}${rng.pick(W.INTERNET_TRADES)}有限公司`;
      case '文化创意':
        return `济南${brand}${rng.pick(W.CULTURE_TRADES)}有限公司`;
      case '外商投资':
        return `济南${rng.pick(W.FOREIGN_BRANDS)}${brand}${rng.pick(W.FOREIGN_TRADES)}有限公司`;
      case '农村新型经营主体':
        return `济南市历城区${town}${rng.pick(W.FARM_PLACES)}${rng.pick(W.FARM_PRODUCE)}专业合作社`;
      default:
        return `${rng.chance(0.85) ? '济南' : '山东'}${brand}${rng.pick(W.GENERAL_TRADES)}有限公司`;
    }
  }
  switch (subtype as SocialSubtype) {
    case '行业协会商会':
      return rng.chance(0.7) ? `历城区${rng.pick(W.ASSOCIATION_TRADES)}行业协会` : `济南市历城区${rng.pick(W.CHAMBER_PLACES)}商会`;
    case '民办学校':
      return `济南市历城区${brand}${rng.pick(W.SCHOOL_KINDS)}`;
    case '民办医院':
      return `济南历城${brand}${rng.pick(W.HOSPITAL_KINDS)}`;
    case '律师事务所':
      return `山东${brand}律师事务所`;
    case '会计师事务所':
      return `山东${brand}会计师事务所有限公司`;
    case '税务师事务所':
      return `山东${brand}税务师事务所有限公司`;
    case '学会':
      return `历城区${rng.pick(W.SOCIETY_FIELDS)}学会`;
    case '基金会':
      return `济南市历城区${rng.pick(W.FOUNDATION_FIELDS)}基金会`;
    default:
      return `历城区${rng.pick(W.CLUB_FIELDS)}协会`;
  }
}

export function creditCategory(kind: OrgKind, subtype: string | null): '91' | '93' | '51' | '52' | '53' | '31' {
  if (kind === 'enterprise') return subtype === '农村新型经营主体' ? '93' : '91';
  if (subtype === '律师事务所') return '31';
  if (subtype === '会计师事务所' || subtype === '税务师事务所') return '91';
  if (subtype === '民办学校' || subtype === '民办医院') return '52';
  if (subtype === '基金会') return '53';
  return '51';
}

export function pickSubtype(rng: Rng, kind: OrgKind, rural: boolean): string | null {
  if (kind === 'enterprise') {
    return rng.weighted<string | null>([
      [null, 60],
      ['互联网', 13],
      ['文化创意', 8],
      ['外商投资', 5],
      ['农村新型经营主体', rural ? 30 : 2],
    ]);
  }
  return rng.weighted<SocialSubtype>([
    ['行业协会商会', 24],
    ['民办学校', 20],
    ['民办医院', 10],
    ['律师事务所', 13],
    ['会计师事务所', 8],
    ['税务师事务所', 4],
    ['学会', 6],
    ['基金会', 3],
    ['社会团体', 12],
  ]);
}
