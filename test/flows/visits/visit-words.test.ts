import { expect, test } from 'vitest';
import { readVisitMention } from '../../../src/flows/visits/visit-words.ts';

const today = '2026-11-20';

test('reads the org, topics and day out of a visit message', () => {
  expect(readVisitMention('今天去了某某公司，谈了发展党员', today)).toEqual({ fragments: ['某某公司', '某某'], topics: ['recruit'], visitedOn: today, orgLike: true });
  expect(readVisitMention('昨天到华兴科技有限公司调研三会一课和党费', today)).toMatchObject({
    fragments: expect.arrayContaining(['华兴科技有限公司', '华兴科技']),
    topics: ['meetings', 'dues'],
    visitedOn: '2026-11-19',
  });
  expect(readVisitMention('前天拜访了市律师协会，和负责人聊了组建党支部', today)).toMatchObject({
    fragments: ['市律师协会'],
    topics: ['party_org', 'principal'],
    visitedOn: '2026-11-18',
  });
  expect(readVisitMention('走访了一趟绿源环保', today)).toMatchObject({ fragments: ['绿源环保'], topics: [], visitedOn: null, orgLike: false });
});

test('leaves other messages alone', () => {
  for (const text of ['你好', '覆盖率', '我想到了一个问题', '看到通知了', '走访', '记录会议']) expect(readVisitMention(text, today), text).toBeNull();
});
