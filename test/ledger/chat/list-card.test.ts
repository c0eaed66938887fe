/**
 * Compliance lists on a phone: the facts sit under the name in one column (at 375 px the old
 * three columns showed only 名称), and a street's own list does not repeat the street.
 */
import { describe, expect, test } from 'vitest';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { blocksOf, plainText, type Rich } from '../../../src/cards/document.ts';
import { listCard } from '../../../src/ledger/chat/list-card.ts';

const items = [
  { id: 'o1', name: '济南华兴科技有限公司', creditCode: '91370100MA3C000001', kind: 'enterprise', regionCode: '370112020', regionName: '唐王街道', employees: 99, membersFormal: 0, formation: 'none', partyOrgName: null, hasInstructor: true },
];

function tableOf(regionName: string) {
  const card = listCard(prompts, {
    regionName,
    title: '未建党组织',
    page: { total: 1, items: items as never },
    pageNo: 0,
    value: { h: 'ledger.list', code: '370112020', list: 'noPartyOrg', basis: 'operating', page: 0 },
    backCode: '370112020',
  });
  const t = blocksOf(card).find((b) => b.kind === 'table');
  if (!t || t.kind !== 'table') throw new Error('no table');
  return t;
}

describe('a compliance list fits a phone', () => {
  test('one column, the key: the name with its facts under it', () => {
    const t = tableOf('历城区');
    expect(t.columns.map((c) => c.label)).toEqual(['名称']);
    expect(t.key).toBe('name');
    expect(plainText(t.rows[0]!.name as Rich)).toBe('济南华兴科技有限公司\n唐王街道；职工99人，正式党员0名，未建');
  });

  test('a street’s list does not repeat the street', () => {
    expect(plainText(tableOf('唐王街道').rows[0]!.name as Rich)).toBe('济南华兴科技有限公司\n职工99人，正式党员0名，未建');
  });
});
