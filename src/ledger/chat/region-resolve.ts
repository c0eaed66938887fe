/**
 * Which region a chat line names ("历城区覆盖率", "唐王街道的覆盖率是多少", "tangwang覆盖率"),
 * matched loosely but only inside the officer's own regions (names repeat across China). A name
 * found only outside them is reported as such, so the answer can refuse without giving figures.
 */
import type { Db, Tx } from '../../db/database.ts';
import { regionIndexFor, searchRegionsByName } from '../../db/regions/region-store.ts';
import { matchRegionInText } from '../../db/regions/region-matcher.ts';

export type Resolved =
  | { kind: 'own' }
  | { kind: 'one'; code: string; name: string }
  | { kind: 'many'; candidates: Array<{ code: string; name: string; parentName: string | null }> }
  | { kind: 'outside'; name: string }
  | { kind: 'none'; text: string };

/** The words around a region name in the questions people ask; what is left may be a place. */
const QUESTION = /覆盖率|覆盖情况|覆盖|两个覆盖|党组织|导出|下载|台账|冻结|党建基数|基数|查询|查看|看看|请问|帮我|一下|现在|目前|是多少|多少|怎么样|如何|情况|的|吗|呢|[?？!！。，,、\s]/g;

export function regionWordsOf(text: string): string {
  return text.normalize('NFKC').replace(QUESTION, '');
}

export async function resolveRegionInText(db: Db | Tx, scopes: readonly string[], text: string): Promise<Resolved> {
  const rest = regionWordsOf(text);
  if ([...rest].length < 2) return { kind: 'own' };
  const found = new Map<string, { code: string; name: string; parentName: string | null }>();
  for (const scope of scopes) {
    const m = matchRegionInText(text, await regionIndexFor(db as Db, scope));
    if (m.kind === 'one') found.set(m.region.code, { code: m.region.code, name: m.region.name, parentName: m.parentName });
    if (m.kind === 'many') for (const c of m.candidates) found.set(c.region.code, { code: c.region.code, name: c.region.name, parentName: c.parentName });
  }
  const list = [...found.values()];
  if (list.length === 1) return { kind: 'one', code: list[0]!.code, name: list[0]!.name };
  if (list.length > 1) return { kind: 'many', candidates: list };
  const elsewhere = await searchRegionsByName(db as Db, rest, undefined, 1);
  if (elsewhere.length) return { kind: 'outside', name: elsewhere[0]!.name };
  return { kind: 'none', text: rest };
}
