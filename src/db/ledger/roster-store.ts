/**
 * Writes a roster: people by mobile (updated, never duplicated), their roles replaced by the
 * roster's (each with its scope), instructors linked to the orgs they guide. A roster is hundreds
 * of rows, not a hundred thousand, so rows are written one by one after batched look-ups.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../database.ts';
import { auditLog, people, personRoles, type Role } from '../schema/core.ts';
import { instructorAssignments, orgs, partyOrgs } from '../schema/ledger.ts';
import type { RosterEntry } from '../../ledger/roster-row.ts';
import type { RowIssue } from '../../ledger/ledger-row.ts';
import { refreshInstructorFlags } from './ledger-import-store.ts';

export interface RosterMeta {
  reason: string;
  actorId: string | null;
  actorLabel: string | null;
  at: Date;
  today: string;
}

export interface RosterResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: Array<{ rowNumber: number; issues: RowIssue[] }>;
  warnings: Array<{ rowNumber: number; issue: RowIssue }>;
}

interface Scope {
  role: Role;
  regionCode: string | null;
  partyOrgId: string | null;
}

const scopeKey = (s: Scope) => `${s.role}|${s.regionCode ?? ''}|${s.partyOrgId ?? ''}`;

export async function applyRoster(tx: Tx, entries: RosterEntry[], openIds: Map<string, string>, meta: RosterMeta): Promise<RosterResult> {
  const result: RosterResult = { created: 0, updated: 0, unchanged: 0, rejected: [], warnings: [] };
  if (entries.length === 0) return result;
  const mobiles = entries.map((e) => e.mobile);
  const existing = new Map(
    (await tx.select().from(people).where(inArray(people.mobile, mobiles))).map((p) => [p.mobile!, p]),
  );
  const ids = [...existing.values()].map((p) => p.id);
  const currentRoles = new Map<string, Scope[]>();
  if (ids.length) {
    for (const r of await tx.select().from(personRoles).where(inArray(personRoles.personId, ids))) {
      const list = currentRoles.get(r.personId) ?? [];
      list.push({ role: r.role, regionCode: r.regionCode, partyOrgId: r.partyOrgId });
      currentRoles.set(r.personId, list);
    }
  }
  const openIdValues = [...new Set(openIds.values())];
  const openIdOwner = new Map(
    openIdValues.length ? (await tx.select({ id: people.id, name: people.name, openId: people.openId }).from(people).where(inArray(people.openId, openIdValues))).map((p) => [p.openId!, p]) : [],
  );
  const poNames = [...new Set(entries.map((e) => e.partyOrgName).filter((n): n is string => !!n))];
  const partyOrgIds = new Map(poNames.length ? (await tx.select({ id: partyOrgs.id, name: partyOrgs.name }).from(partyOrgs).where(inArray(partyOrgs.name, poNames))).map((p) => [p.name, p.id]) : []);
  const codes = [...new Set(entries.flatMap((e) => e.creditCodes))];
  const orgIds = new Map(codes.length ? (await tx.select({ id: orgs.id, code: orgs.creditCode }).from(orgs).where(inArray(orgs.creditCode, codes))).map((o) => [o.code!, o.id]) : []);

  const touchedOrgs: string[] = [];
  const instructors: Array<{ id: string; mobile: string }> = [];
  const audits: Array<typeof auditLog.$inferInsert> = [];
  for (const e of entries) {
    const partyOrgId = e.partyOrgName ? (partyOrgIds.get(e.partyOrgName) ?? null) : null;
    if (e.partyOrgName && !partyOrgId && e.roles.includes('secretary')) {
      result.rejected.push({ rowNumber: e.rowNumber, issues: [{ code: 'roster_unknown_party_org', params: { name: e.partyOrgName } }] });
      continue;
    }
    const before = existing.get(e.mobile);
    let openId = openIds.get(e.mobile) ?? before?.openId ?? null;
    const owner = openId ? openIdOwner.get(openId) : undefined;
    if (owner && owner.id !== before?.id) {
      result.warnings.push({ rowNumber: e.rowNumber, issue: { code: 'roster_open_id_taken', params: { name: owner.name } } });
      openId = before?.openId ?? null;
    }
    let personId: string;
    if (!before) {
      const [row] = await tx.insert(people).values({ name: e.name, mobile: e.mobile, openId, createdAt: meta.at, updatedAt: meta.at }).returning({ id: people.id });
      personId = row!.id;
    } else {
      personId = before.id;
      if (before.name !== e.name || before.openId !== openId) {
        await tx.update(people).set({ name: e.name, openId, updatedAt: meta.at }).where(eq(people.id, personId));
      }
    }
    const want: Scope[] = e.roles.map((role) => ({
      role,
      regionCode: role === 'officer' || role === 'instructor' || role === 'admin' ? e.regionCode : null,
      partyOrgId: role === 'secretary' || role === 'member' ? partyOrgId : null,
    }));
    const have = currentRoles.get(personId) ?? [];
    const wantKeys = new Set(want.map(scopeKey));
    const haveKeys = new Set(have.map(scopeKey));
    const drop = have.filter((s) => !wantKeys.has(scopeKey(s)));
    const add = want.filter((s) => !haveKeys.has(scopeKey(s)));
    for (const s of drop) {
      await tx.delete(personRoles).where(
        and(
          eq(personRoles.personId, personId),
          eq(personRoles.role, s.role),
          s.regionCode ? eq(personRoles.regionCode, s.regionCode) : isNull(personRoles.regionCode),
          s.partyOrgId ? eq(personRoles.partyOrgId, s.partyOrgId) : isNull(personRoles.partyOrgId),
        ),
      );
    }
    if (add.length) await tx.insert(personRoles).values(add.map((s) => ({ personId, ...s, createdAt: meta.at }))).onConflictDoNothing();

    if (e.roles.includes('instructor')) {
      instructors.push({ id: personId, mobile: e.mobile });
      const links: string[] = [];
      for (const code of e.creditCodes) {
        const orgId = orgIds.get(code);
        if (!orgId) result.warnings.push({ rowNumber: e.rowNumber, issue: { code: 'roster_unknown_org', params: { code } } });
        else links.push(orgId);
      }
      if (links.length) {
        await tx.insert(instructorAssignments).values(links.map((orgId) => ({ instructorId: personId, orgId, assignedOn: meta.today }))).onConflictDoNothing();
        // The ledger's instructor column shows the roster's assignment (and an export round-trips).
        await tx.update(orgs).set({ instructorMobile: e.mobile }).where(and(inArray(orgs.id, links), isNull(orgs.instructorMobile)));
        touchedOrgs.push(...links);
      }
    }
    const changed = !before || before.name !== e.name || before.openId !== openId || drop.length > 0 || add.length > 0;
    if (!before) result.created++;
    else if (changed) result.updated++;
    else result.unchanged++;
    if (changed) {
      audits.push({
        action: before ? 'update' : 'create',
        entity: 'person',
        entityId: personId,
        before: before ? { name: before.name, roles: have } : null,
        after: { name: e.name, roles: want, feishuLinked: !!openId },
        reason: meta.reason,
        actorId: meta.actorId,
        actorLabel: meta.actorLabel,
        at: meta.at,
      });
    }
  }
  // Orgs whose ledger row named an instructor before the roster knew them.
  if (instructors.length) {
    const byMobile = new Map(instructors.map((i) => [i.mobile, i.id]));
    const pending = await tx
      .select({ id: orgs.id, mobile: orgs.instructorMobile })
      .from(orgs)
      .where(inArray(orgs.instructorMobile, [...byMobile.keys()]));
    if (pending.length) {
      await tx
        .insert(instructorAssignments)
        .values(pending.map((o) => ({ instructorId: byMobile.get(o.mobile!)!, orgId: o.id, assignedOn: meta.today })))
        .onConflictDoNothing();
      touchedOrgs.push(...pending.map((o) => o.id));
    }
  }
  if (touchedOrgs.length) await refreshInstructorFlags(tx, [...new Set(touchedOrgs)]);
  for (let i = 0; i < audits.length; i += 1000) await tx.insert(auditLog).values(audits.slice(i, i + 1000));
  return result;
}
