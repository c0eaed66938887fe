/**
 * Finds the region an officer means in a chat line ("历城区的覆盖率是多少", "唐旺街道覆盖率",
 * "tangwang覆盖率"), loosely but only within the list it is given, which the caller limits to the
 * officer's jurisdiction: names repeat across China (城关镇 ×88, 市中区 ×4), so an unscoped match
 * would be a guess. Pure: no database, no I/O; build the index once per scope and reuse it.
 *
 * Passes, in order (see reference data.md §6):
 * 1. text: names and stems (suffix left off) that occur in the line, longest first;
 * 2. pinyin: homophones (IME and voice typos) over windows of whole characters;
 * 3. latin: pinyin or initials typed in Latin letters.
 */
import { pinyin } from 'pinyin-pro';

export interface RegionEntry {
  code: string;
  name: string;
  level: number;
  /** Overrides the parent found in the list itself (e.g. for the scope root, whose parent is outside). */
  parentName?: string | null;
}

export type MatchHow = 'text' | 'pinyin' | 'latin';

export interface RegionCandidate {
  region: RegionEntry;
  /** The nearest named ancestor in the list, for "did you mean 市中区 (济南市) or 市中区 (枣庄市)?". */
  parentName: string | null;
}

export type RegionMatch =
  | { kind: 'none' }
  | { kind: 'one'; region: RegionEntry; how: MatchHow; parentName: string | null }
  | { kind: 'many'; candidates: RegionCandidate[]; how: MatchHow };

interface Indexed extends RegionCandidate {
  /** The texts it is indexed under (names and stems), to score homophone hits by characters typed as-is. */
  keys: { chars: string[]; full: boolean }[];
}

export interface RegionIndex {
  readonly size: number;
  readonly byText: Map<string, Indexed[]>;
  readonly maxTextLen: number;
  /** Space-joined toneless syllables of names and stems, and every prefix of them to prune the search. */
  readonly bySyllables: Map<string, Indexed[]>;
  readonly syllablePrefixes: Set<string>;
  readonly byLatin: Map<string, Indexed[]>;
}

const SUFFIX = /(街道办事处|街道|办事处|民族乡|民族镇|镇|乡|苏木|自治县|自治旗|旗|县|自治州|地区|盟|市|区|省)$/;
const AUTONOMOUS_REGION = /(壮族|回族|维吾尔)?自治区$/;
const SPECIAL = /特别行政区$/;
/** Statistical placeholders ("市辖区" under 北京市 …): never a place an officer names. */
const PLACEHOLDER = /^(市辖区|县|.*直辖县级行政区划)$/;

export const isPlaceholderName = (name: string) => PLACEHOLDER.test(name);

/** The name without its administrative suffix (唐王街道 → 唐王), kept whole if only one character would remain. */
export function stripRegionSuffix(name: string): string {
  const stem = name.replace(SPECIAL, '').replace(AUTONOMOUS_REGION, '').replace(SUFFIX, '');
  return Array.from(stem).length >= 2 ? stem : name;
}

/** Whole names that are only a kind of unit (a county's "开发区"): they would match "我们街道". */
const GENERIC = new Set(['街道', '开发区', '工业园区', '园区', '新区', '农场', '林场', '办事处', '管委会']);

/** Words of the questions themselves, masked in the pinyin pass so "覆盖率" never sounds like a place. */
const QUESTION_WORDS = [
  '覆盖率', '覆盖', '是多少', '有多少', '多少', '怎么样', '怎么', '什么', '如何', '情况', '哪个', '哪些', '查询',
  '查看', '看看', '看一下', '一下', '请问', '帮我', '我想', '知道', '现在', '目前', '数据', '统计', '党组织',
  '党建', '党员', '我是', '我们', '我的', '今年', '去年', '几个', '记录', '走访', '会议', '比较', '对比', '还是', '排名', '一共', '总共', '的', '吗', '呢', '吧', '啊', '了', '呀',
];

const HAN = /^\p{Script=Han}$/u;
const syllablesOf = (s: string): string[] => pinyin(s, { toneType: 'none', type: 'array', v: true });

/** Name variants worth indexing: the name, and for "科技城（东渚街道）" also 科技城 and 东渚街道. */
function variantsOf(name: string): string[] {
  const out = new Set([name]);
  const outer = name.replace(/（[^）]*）|\([^)]*\)/g, '');
  if (outer) out.add(outer);
  // only inner parts that are themselves place names (东渚街道), not notes like （省级）
  for (const m of name.matchAll(/（([^）]+)）|\(([^)]+)\)/g)) if (SUFFIX.test(m[1] ?? m[2]!)) out.add(m[1] ?? m[2]!);
  for (const part of outer.split('-')) out.add(part);
  return [...out].filter((v) => Array.from(v).length >= 2);
}

function push<K>(map: Map<K, Indexed[]>, key: K, e: Indexed) {
  const list = map.get(key);
  if (!list) map.set(key, [e]);
  else if (!list.includes(e)) list.push(e);
}

/** Builds the lookup tables: about 1 s for all 44,703 regions, ~70 ms for a province, ~30 ms for a city. */
export function buildRegionIndex(list: readonly RegionEntry[]): RegionIndex {
  const byCode = new Map(list.map((r) => [r.code, r]));
  const byText = new Map<string, Indexed[]>();
  const bySyllables = new Map<string, Indexed[]>();
  const syllablePrefixes = new Set<string>();
  const byLatin = new Map<string, Indexed[]>();
  let maxTextLen = 0;
  let size = 0;
  for (const region of list) {
    if (PLACEHOLDER.test(region.name)) continue;
    const e: Indexed = { region, parentName: region.parentName ?? parentNameOf(region.code, byCode), keys: [] };
    size++;
    for (const variant of variantsOf(region.name)) {
      for (const key of new Set([variant, stripRegionSuffix(variant)])) {
        if (GENERIC.has(key)) continue;
        const chars = Array.from(key);
        push(byText, key, e);
        e.keys.push({ chars, full: key === variant });
        maxTextLen = Math.max(maxTextLen, chars.length);
        if (!chars.every((c) => HAN.test(c))) continue;
        const syl = syllablesOf(key);
        for (let i = 1; i <= syl.length; i++) syllablePrefixes.add(syl.slice(0, i).join(' '));
        push(bySyllables, syl.join(' '), e);
        const joined = syl.join('');
        push(byLatin, joined, e);
        if (joined.includes('v')) push(byLatin, joined.replaceAll('v', 'u'), e);
        push(byLatin, syl.map((s) => s[0]).join(''), e);
      }
    }
  }
  return { size, byText, maxTextLen, bySyllables, syllablePrefixes, byLatin };
}

function parentNameOf(code: string, byCode: Map<string, RegionEntry>): string | null {
  for (const len of [6, 4, 2]) {
    if (len >= code.length) continue;
    const p = byCode.get(code.slice(0, len));
    if (p && !PLACEHOLDER.test(p.name)) return p.name;
  }
  return null;
}

interface Span {
  start: number;
  end: number;
  hits: { e: Indexed; how: MatchHow; score: number }[];
}

/** Same region, or one inside the other: 济南市 and 市中区 (370103) in "济南市中区" do not conflict. */
const related = (a: RegionEntry, b: RegionEntry) => a.code.startsWith(b.code) || b.code.startsWith(a.code);
const isAncestor = (a: RegionEntry, b: RegionEntry) => b.code.length > a.code.length && b.code.startsWith(a.code);

/**
 * Longest spans first; a shorter span inside a chosen one is dropped, one partly overlapping a
 * chosen one survives only for regions nested with the chosen ones. Within a span only the best-scoring hits stay (more characters as typed).
 * Finally an ancestor gives way to its descendant: "济南市历城区" means 历城区.
 */
function resolve(spans: Span[]): { chosen: Span[]; hits: Span['hits'] } {
  const ordered = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: Span[] = [];
  for (const span of ordered) {
    const best = Math.max(...span.hits.map((h) => h.score));
    let hits = span.hits.filter((h) => h.score === best);
    // The same words naming a region and a place inside it (临沭县, 临沭街道 for "临沭"): the larger one
    hits = hits.filter((h) => !hits.some((o) => o !== h && isAncestor(o.e.region, h.e.region)));
    // Inside a longer chosen span: only part of that name (城区 in 历城区), never a region of its own
    if (chosen.some((c) => c.start <= span.start && span.end <= c.end)) continue;
    const overlapping = chosen.filter((c) => c.start < span.end && span.start < c.end);
    hits = hits.filter((h) => overlapping.every((c) => c.hits.some((ch) => related(ch.e.region, h.e.region))));
    if (hits.length) chosen.push({ ...span, hits });
  }
  const unique = new Map<string, Span['hits'][number]>();
  for (const h of chosen.flatMap((c) => c.hits)) if (!unique.has(h.e.region.code)) unique.set(h.e.region.code, h);
  const all = [...unique.values()];
  // Names elsewhere in the line qualify an ambiguous one: "北京市朝阳区" is 110105 only.
  for (const c of chosen) {
    if (c.hits.length < 2) continue;
    const others = chosen.filter((o) => o !== c).flatMap((o) => o.hits);
    const qualified = c.hits.filter((h) => others.some((o) => isAncestor(o.e.region, h.e.region)));
    if (qualified.length) for (const h of c.hits) if (!qualified.includes(h)) unique.delete(h.e.region.code);
  }
  const kept = all.filter((h) => unique.has(h.e.region.code));
  // …and then give way to it: "济南市历城区" means 历城区.
  const hits = kept.filter((h) => !kept.some((o) => o !== h && isAncestor(h.e.region, o.e.region)));
  return { chosen, hits };
}

/**
 * Ranks hits on the same span: characters typed as in the entry's key count twice (唐旺 is closer to
 * 唐王 than to 汤旺), a whole name once more (朝阳区 the district before 朝阳区街道 by its stem).
 */
function scoreOf(e: Indexed, typed: string[]): number {
  let best = 0;
  for (const k of e.keys) {
    if (k.chars.length !== typed.length) continue;
    best = Math.max(best, 2 * k.chars.filter((c, i) => c === typed[i]).length + (k.full ? 1 : 0));
  }
  return best;
}

function textSpans(chars: string[], index: RegionIndex): Span[] {
  const spans: Span[] = [];
  for (let start = 0; start < chars.length; start++) {
    for (let end = start + 2; end <= Math.min(chars.length, start + index.maxTextLen); end++) {
      const found = index.byText.get(chars.slice(start, end).join(''));
      if (found) spans.push({ start, end, hits: found.map((e) => ({ e, how: 'text' as const, score: scoreOf(e, chars.slice(start, end)) })) });
    }
  }
  return spans;
}

/** Every reading of each character (contextual first), so 长/重/朝 typed either way still match. */
function readingsOf(chars: string[]): (string[] | null)[] {
  const masked = new Array<boolean>(chars.length).fill(false);
  const line = chars.join('');
  for (const w of QUESTION_WORDS) {
    for (let i = line.indexOf(w); i >= 0; i = line.indexOf(w, i + 1)) {
      // indexOf counts UTF-16 units; map to character positions
      const at = Array.from(line.slice(0, i)).length;
      for (let k = 0; k < Array.from(w).length; k++) masked[at + k] = true;
    }
  }
  const contextual = syllablesOf(line);
  return chars.map((c, i) => {
    if (masked[i] || !HAN.test(c)) return null;
    const all = pinyin(c, { toneType: 'none', type: 'array', v: true, multiple: true });
    return [...new Set([contextual[i]!, ...all])];
  });
}

function pinyinSpans(chars: string[], index: RegionIndex): Span[] {
  const readings = readingsOf(chars);
  const spans = new Map<string, Span>();
  const walk = (start: number, pos: number, key: string) => {
    const r = readings[pos];
    if (!r) return;
    for (const syl of r) {
      const next = key ? `${key} ${syl}` : syl;
      if (!index.syllablePrefixes.has(next)) continue;
      const end = pos + 1;
      const found = end - start >= 2 ? index.bySyllables.get(next) : undefined;
      for (const e of found ?? []) {
        const id = `${start}:${end}`;
        const span = spans.get(id) ?? { start, end, hits: [] };
        spans.set(id, span);
        if (span.hits.some((h) => h.e === e)) continue;
        const typed = chars.slice(start, end);
        const score = scoreOf(e, typed);
        span.hits.push({ e, how: score >= 2 * typed.length ? 'text' : 'pinyin', score });
      }
      if (end < chars.length) walk(start, end, next);
    }
  };
  for (let start = 0; start < chars.length; start++) walk(start, start, '');
  return [...spans.values()];
}

function latinSpans(line: string, index: RegionIndex): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  for (const run of line.toLowerCase().match(/[a-zü]+(?:[\s'’-]+[a-zü]+)*/g) ?? []) {
    const tokens = run.replaceAll('ü', 'v').split(/[\s'’-]+/);
    for (let i = 0; i < tokens.length; i++) {
      for (let j = i + 1; j <= tokens.length; j++) {
        const found = index.byLatin.get(tokens.slice(i, j).join(''));
        if (found) spans.push({ start: offset + i, end: offset + j, hits: found.map((e) => ({ e, how: 'latin' as const, score: 0 })) });
      }
    }
    offset += tokens.length + 1;
  }
  return spans;
}

function toMatch(hits: Span['hits']): RegionMatch {
  if (hits.length === 0) return { kind: 'none' };
  if (hits.length === 1) return { kind: 'one', region: hits[0]!.e.region, how: hits[0]!.how, parentName: hits[0]!.e.parentName };
  const how = hits.some((h) => h.how === 'latin') ? 'latin' : hits.some((h) => h.how === 'pinyin') ? 'pinyin' : 'text';
  const candidates = hits
    .map((h) => ({ region: h.e.region, parentName: h.e.parentName }))
    .sort((a, b) => (a.region.code < b.region.code ? -1 : 1));
  return { kind: 'many', candidates, how };
}

/** The region named in `text`, if any, among those of `index`. */
export function matchRegionInText(text: string, index: RegionIndex): RegionMatch {
  const line = text.normalize('NFKC');
  const chars = Array.from(line.replace(/\s+/g, ''));
  const byText = textSpans(chars, index);
  const literal = resolve(byText);
  if (literal.hits.length) {
    // A homophone reading may explain more of the line than the literal hit: "立城区" is 历城区, not a
    // township whose stem happens to be 城区. Only such longer, overlapping spans may override text.
    const longer = pinyinSpans(chars, index).filter((p) =>
      literal.chosen.some((c) => c.start < p.end && p.start < c.end && p.end - p.start > c.end - c.start),
    );
    return toMatch(longer.length ? resolve([...byText, ...longer]).hits : literal.hits);
  }
  const byPinyin = resolve(pinyinSpans(chars, index)).hits;
  if (byPinyin.length) return toMatch(byPinyin);
  return toMatch(resolve(latinSpans(line, index)).hits);
}
