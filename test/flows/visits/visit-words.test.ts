import { expect, test } from 'vitest';
import { readVisitMention } from '../../../src/flows/visits/visit-words.ts';

const today = '2026-11-20';

test('reads the org, topics and day out of a visit message', () => {
  expect(readVisitMention('今天去了某某公司，谈了发展党员', today)).toEqual({ fragments: ['某某公司', '某某'], name: '某某公司', topics: ['recruit'], visitedOn: today, orgLike: true });
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
  expect(readVisitMention('走访了一趟绿源环保', today)).toMatchObject({ fragments: ['绿源环保'], topics: [], visitedOn: null, orgLike: true });
});

test('leaves other messages alone', () => {
  for (const text of ['你好', '覆盖率', '我想到了一个问题', '看到通知了', '走访', '记录会议']) expect(readVisitMention(text, today), text).toBeNull();
});

test('a name is never just generic words: 科技, 公司, 有限公司, 街道 or a number alone are no fragment', () => {
  expect(readVisitMention('今天去了科技有限公司', today)).toBeNull();
  expect(readVisitMention('到科技公司走访了', today)).toBeNull();
  expect(readVisitMention('今天去华兴科技走访了，谈了发展党员的事', today)).toMatchObject({ fragments: ['华兴科技'], name: '华兴科技', topics: ['recruit'], visitedOn: today });
  expect(readVisitMention('今天开了支委会，到了5个人', today)).toBeNull();
});
