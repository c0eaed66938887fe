import { describe, expect, test } from 'vitest';
import { readRegionExtract } from '../../../src/db/regions/ensure-regions.ts';
import {
  buildRegionIndex,
  matchRegionInText,
  stripRegionSuffix,
  type RegionEntry,
  type RegionMatch,
} from '../../../src/db/regions/region-matcher.ts';

const all = readRegionExtract().rows;
const scope = (code: string) => buildRegionIndex(all.filter((r) => r.code.startsWith(code)));
const jinan = scope('3701');
const shandong = scope('37');

/** "how name(code)" or a list of candidates, as in reference data.md §6. */
function show(m: RegionMatch): string {
  if (m.kind === 'none') return 'none';
  if (m.kind === 'one') return `${m.how} ${m.region.name}(${m.region.code})`;
  return `${m.how} ${m.candidates.map((c) => `${c.region.name}(${c.region.code})`).join(', ')}`;
}

test('suffixes are stripped, never down to one character', () => {
  expect(stripRegionSuffix('唐王街道')).toBe('唐王');
  expect(stripRegionSuffix('历城区')).toBe('历城');
  expect(stripRegionSuffix('城关镇')).toBe('城关');
  expect(stripRegionSuffix('山东省')).toBe('山东');
  expect(stripRegionSuffix('内蒙古自治区')).toBe('内蒙古');
  expect(stripRegionSuffix('广西壮族自治区')).toBe('广西');
  expect(stripRegionSuffix('东区')).toBe('东区');
});

describe('the demo of reference data.md §6, scoped to 济南市 3701', () => {
  test.each([
    ['历城区的覆盖率是多少', 'text 历城区(370112)'],
    ['唐王街道覆盖率', 'text 唐王街道(370112020)'],
    ['唐王覆盖率怎么样', 'text 唐王街道(370112020)'],
    ['唐旺街道的覆盖率', 'pinyin 唐王街道(370112020)'],
    ['立城区覆盖率', 'pinyin 历城区(370112)'],
    ['tangwang覆盖率', 'latin 唐王街道(370112020)'],
    ['港沟和郭店哪个高', 'text 郭店街道(370112011), 港沟街道(370112013)'],
    ['市中区覆盖率', 'text 市中区(370103)'],
    ['朝阳区覆盖率', 'none'],
  ])('%s => %s', (text, expected) => {
    expect(show(matchRegionInText(text, jinan))).toBe(expected);
  });

  test('ambiguous answers carry the parent name for a clarifying question', () => {
    expect(matchRegionInText('港沟和郭店哪个高', jinan)).toMatchObject({
      kind: 'many',
      candidates: [
        { region: { code: '370112011', name: '郭店街道' }, parentName: '历城区' },
        { region: { code: '370112013', name: '港沟街道' }, parentName: '历城区' },
      ],
    });
    expect(matchRegionInText('唐王覆盖率', jinan)).toMatchObject({ kind: 'one', parentName: '历城区' });
  });
});

describe('forgiving input', () => {
  test.each([
    ['历城覆盖率', 'text 历城区(370112)'],
    ['济南市历城区唐王街道的覆盖率', 'text 唐王街道(370112020)'],
    ['唐 王 街 道覆盖率', 'text 唐王街道(370112020)'],
    ['唐王镇覆盖率', 'text 唐王街道(370112020)'],
    ['Tang Wang 覆盖率', 'latin 唐王街道(370112020)'],
    ['ｔａｎｇｗａｎｇ覆盖率', 'latin 唐王街道(370112020)'],
    ['tw覆盖率', 'latin 唐王街道(370112020)'],
    ['lichengqu', 'latin 历城区(370112)'],
    ['长清区覆盖率', 'text 长清区(370113)'],
    ['常清区覆盖率', 'pinyin 长清区(370113)'],
    ['港沟和郭甸哪个高', 'text 港沟街道(370112013)'],
  ])('%s => %s', (text, expected) => {
    expect(show(matchRegionInText(text, jinan))).toBe(expected);
  });
});

describe('scoped to 山东省 37', () => {
  test('a name used twice in the province is ambiguous', () => {
    expect(matchRegionInText('市中区覆盖率', shandong)).toMatchObject({
      kind: 'many',
      how: 'text',
      candidates: [
        { region: { code: '370103' }, parentName: '济南市' },
        { region: { code: '370402' }, parentName: '枣庄市' },
      ],
    });
  });

  test('a city named before it settles the question', () => {
    expect(show(matchRegionInText('济南市中区覆盖率', shandong))).toBe('text 市中区(370103)');
    expect(show(matchRegionInText('枣庄市中区', shandong))).toBe('text 市中区(370402)');
  });

  test('a stem shared by a county and its own township means the county', () => {
    expect(show(matchRegionInText('临沭覆盖率', shandong))).toBe('text 临沭县(371329)');
    expect(show(matchRegionInText('临沭街道覆盖率', shandong))).toBe('text 临沭街道(371329001)');
  });

  test('homophones still resolve in a larger index', () => {
    expect(show(matchRegionInText('立城区覆盖率', shandong))).toBe('pinyin 历城区(370112)');
    expect(show(matchRegionInText('唐旺街道的覆盖率', shandong))).toBe('pinyin 唐王街道(370112020)');
  });

  test.each(['覆盖率', '覆盖率是多少', '覆盖率怎么样', '全区覆盖率', '我们街道覆盖率', '今年新建了几个党组织', '看看覆盖率', 'fugailv'])(
    'the question words alone name no region: %s',
    (text) => {
      expect(matchRegionInText(text, shandong)).toEqual({ kind: 'none' });
    },
  );
});

describe('the whole country', () => {
  const country = buildRegionIndex(all);

  test('placeholders such as 市辖区 are not indexed', () => {
    expect(country.size).toBe(all.filter((r) => !/^(市辖区|县|.*直辖县级行政区划)$/.test(r.name)).length);
    const m = matchRegionInText('北京市辖区', country);
    const found = m.kind === 'one' ? [m.region] : m.kind === 'many' ? m.candidates.map((c) => c.region) : [];
    expect(found.map((r) => r.name)).not.toContain('市辖区');
  });

  test('朝阳区 is two districts, 北京市朝阳区 one', () => {
    expect(show(matchRegionInText('朝阳区覆盖率', country))).toBe('text 朝阳区(110105), 朝阳区(220104)');
    expect(matchRegionInText('北京市朝阳区', country)).toMatchObject({ kind: 'one', region: { code: '110105' }, parentName: '北京市' });
  });
});

describe('pinyin matches align with whole characters', () => {
  const region = (code: string, name: string): RegionEntry => ({ code, name, level: code.length === 6 ? 3 : 4 });
  const index = buildRegionIndex([
    region('990101', '测试区'),
    region('990101001', '恩高镇'), // en gao: inside "hen gao xing" but not on a syllable boundary
    region('990101002', '艾绿镇'), // ai lü: inside "fugailv"
    region('990101003', '福盖镇'), // fu gai: sounds like 覆盖, a question word
  ]);

  test.each(['很高兴看到覆盖率', 'hengaoxing', 'fugailv', '覆盖率是多少', 'gai lv'])('%s => none', (text) => {
    expect(matchRegionInText(text, index)).toEqual({ kind: 'none' });
  });

  test('a homophone explaining more of the line beats a shorter literal hit', () => {
    const small = buildRegionIndex([region('990102', '历城区'), region('990102001', '城区街道')]);
    expect(show(matchRegionInText('城区覆盖率', small))).toBe('text 城区街道(990102001)');
    expect(show(matchRegionInText('立城区覆盖率', small))).toBe('pinyin 历城区(990102)');
  });

  test('the same syllables on whole characters do match', () => {
    expect(show(matchRegionInText('蒽高镇覆盖率', index))).toBe('pinyin 恩高镇(990101001)');
    expect(show(matchRegionInText('ailv覆盖率', index))).toBe('latin 艾绿镇(990101002)');
    expect(show(matchRegionInText('福盖覆盖率', index))).toBe('text 福盖镇(990101003)');
  });
});
