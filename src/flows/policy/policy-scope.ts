/**
 * Who may see and change which region's policy: an officer their own regions and every region
 * inside them (an override there reaches only that subtree, as the CLI allows any code); an admin
 * any region. Checked when the card opens and again on confirm, so a forged or old button that
 * names another region changes nothing.
 */
import type { BotContext } from '../../bot/flow.ts';
import type { Card, Person } from '../../bot/types.ts';
import type { Db } from '../../db/database.ts';
import { getRegion, searchRegionsByName } from '../../db/regions/region-store.ts';
import { normalizeRegionCode } from '../../domain/policy/index.ts';
import { officerRegions, regionInScope } from '../../ledger/officer-scope.ts';
import { resolveRegionInText } from '../../ledger/chat/region-resolve.ts';
import { policyMessage } from './policy-lines.ts';
import { button, buttonRow, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';

export const POLICY_FLOW = 'region-policy';

const isAdmin = (p: Pick<Person, 'roles'>) => p.roles.some((r) => r.role === 'admin');

export function mayEditPolicy(person: Pick<Person, 'roles'>, code: string): boolean {
  return isAdmin(person) || regionInScope(officerRegions(person), code);
}

/** The canonical code of an existing region, or null. */
async function existing(ctx: BotContext, code: string): Promise<{ code: string; name: string } | null> {
  let c: string;
  try {
    c = normalizeRegionCode(code);
  } catch {
    return null;
  }
  const r = await getRegion(ctx.db as Db, c);
  return r ? { code: r.code, name: r.name } : null;
}

async function scopeNames(ctx: BotContext): Promise<string> {
  const names: string[] = [];
  for (const c of officerRegions(ctx.person)) names.push((await getRegion(ctx.db as Db, c))?.name ?? c);
  return names.join('、');
}

async function refused(ctx: BotContext, regionName: string): Promise<Card> {
  return policyMessage(ctx.t('policy.scope.refused_title'), [text(richPrompt(ctx.t, 'policy.scope.refused', { region: regionName, scope: await scopeNames(ctx) }))]);
}

/** The words around a region's name in "历城区政策设置", "设置本地区政策". */
const POLICY_WORDS = /本地区|政策设置|设置政策|政策|设置|修改|查看|的|[?？!！。，,、\s]/g;

/**
 * The region a start names: {code} from a button (checked), {text} from a chat line (a region
 * named in it, else the person's own), or the card answering instead (refusal, pick, unknown).
 */
export async function policyRegion(ctx: BotContext, args: Record<string, unknown>): Promise<{ code: string; name: string } | { card: Card }> {
  const scopes = officerRegions(ctx.person);
  if (typeof args.code === 'string') {
    const r = await existing(ctx, args.code);
    if (!r) return { card: policyMessage(ctx.t('policy.scope.unknown_title'), [text(ctx.t('policy.scope.unknown', { text: args.code }))]) };
    return mayEditPolicy(ctx.person, r.code) ? r : { card: await refused(ctx, r.name) };
  }
  const said = typeof args.text === 'string' ? args.text.normalize('NFKC') : '';
  const rest = said.replace(POLICY_WORDS, '');
  if ([...rest].length < 2) {
    if (scopes.length === 0) return { card: policyMessage(ctx.t('policy.scope.none_title'), [text(ctx.t('policy.scope.none'))]) };
    if (scopes.length === 1) return (await existing(ctx, scopes[0]!)) ?? { card: policyMessage(ctx.t('policy.scope.none_title'), [text(ctx.t('policy.scope.none'))]) };
    return { card: await pickCard(ctx, scopes) };
  }
  const m = await resolveRegionInText(ctx.db, scopes, rest);
  if (m.kind === 'one') return { code: m.code, name: m.name };
  if (m.kind === 'many') return { card: await pickCard(ctx, m.candidates.map((c) => c.code)) };
  // An admin may set any region: a name found outside their own regions is taken when it is unique.
  const found = await searchRegionsByName(ctx.db as Db, rest, undefined, 2);
  if (found.length === 1 && isAdmin(ctx.person)) return { code: found[0]!.code, name: found[0]!.name };
  if (found.length) return { card: await refused(ctx, found[0]!.name) };
  return { card: policyMessage(ctx.t('policy.scope.unknown_title'), [text(ctx.t('policy.scope.unknown', { text: rest }))]) };
}

async function pickCard(ctx: BotContext, codes: string[]): Promise<Card> {
  const buttons = [];
  for (const c of codes) {
    const name = (await getRegion(ctx.db as Db, c))?.name ?? c;
    buttons.push(button(name, { cmd: 'start', flow: POLICY_FLOW, args: { code: c } }));
  }
  return policyMessage(ctx.t('policy.flow_title'), [text(ctx.t('policy.scope.pick'))], [buttonRow(buttons)]);
}
