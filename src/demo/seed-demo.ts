/**
 * The demo data set (issue 9 §4): 历城区 with its real streets, ~300 orgs, party orgs, people,
 * 18 months of meetings, visits and open leads, generated from a fixed seed with every date
 * relative to `now`. Written in ONE transaction through the project's own import path (the ledger
 * goes through validateLedgerRow → planChunk → writeChunk like an uploaded file, the people through
 * validateRosterRow → applyRoster, leads through registerLead), so a crash leaves nothing
 * half-seeded and a second run sees the marker and stops. What is written: demo-plan.ts.
 *
 * Never touches a database that holds anything already (people, orgs or party orgs).
 */
import type { Database, Db } from '../db/database.ts';
import {
  auditSeed,
  hasDemoMarker,
  holdsNoData,
  insertMeetings,
  insertPartyGroups,
  insertPolicyOverride,
  insertVisitProblems,
  insertVisits,
  lockDemoSeed,
  orgIdsByCreditCode,
  partyOrgIdsByName,
  peopleIdsByMobile,
  setPartyOrgFacts,
  type NewMeetingRow,
  type NewVisitProblemRow,
  type NewVisitRow,
} from '../db/demo/demo-store.ts';
import { registerLead, recordTransition } from '../db/leads/lead-store.ts';
import { routeFor } from '../db/leads/lead-routing.ts';
import { applyRoster } from '../db/ledger/roster-store.ts';
import { fetchChunkContext, finishImport, startImport, writeChunk } from '../db/ledger/ledger-import-store.ts';
import { childrenOf } from '../db/regions/region-store.ts';
import { visitFields } from '../db/visits/visit-store.ts';
import { LICHENG_370112 } from '../domain/policy/index.ts';
import { addMonths, shanghaiInstant, startOfMonth } from '../domain/shanghai-date.ts';
import { newImportMemory, planChunk } from '../ledger/ledger-plan.ts';
import { buildLedgerRecords, buildRosterEntries } from './demo-ledger-file.ts';
import { DEMO_SEED, planDemo } from './demo-plan.ts';
import { DEMO_DISTRICT, DEMO_OPEN_IDS } from './demo-people.ts';
import type { Rng } from './prng.ts';

export type SeedOutcome =
  | { seeded: true; counts: DemoCounts; ms: number }
  | { seeded: false; reason: 'already_seeded' | 'not_empty' };

export interface DemoCounts {
  streets: number;
  orgs: number;
  partyOrgs: number;
  people: number;
  meetings: number;
  visits: number;
  leads: number;
}

/** A v4-shaped UUID from the generator, so ids are as reproducible as the rest. */
function uuidFrom(rng: Rng): string {
  const b = Array.from({ length: 16 }, () => rng.int(0, 255));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function seedDemo(database: Pick<Database, 'db'>, opts: { now: Date }): Promise<SeedOutcome> {
  const started = Date.now();
  const db: Db = database.db;
  if (await hasDemoMarker(db, DEMO_OPEN_IDS.districtOfficer)) return { seeded: false, reason: 'already_seeded' };
  if (!(await holdsNoData(db))) return { seeded: false, reason: 'not_empty' };

  const streets = (await childrenOf(db, DEMO_DISTRICT)).map((r) => ({ code: r.code, name: r.name }));
  if (streets.length === 0) throw new Error(`the regions table has no streets under ${DEMO_DISTRICT}; run migrate first`);
  const plan = planDemo(streets, opts.now);
  const { today, rng, ledger, roster, meetings, visits, leads } = plan;
  const now = opts.now;
  const ids = Array.from({ length: 2000 }, () => uuidFrom(rng));
  const nextId = () => ids.pop() ?? uuidFrom(rng);

  const outcome = await db.transaction(async (tx): Promise<SeedOutcome> => {
    await lockDemoSeed(tx);
    if (await hasDemoMarker(tx, DEMO_OPEN_IDS.districtOfficer)) return { seeded: false, reason: 'already_seeded' };
    if (!(await holdsNoData(tx))) return { seeded: false, reason: 'not_empty' };

    await insertPolicyOverride(tx, LICHENG_370112.regionCode, LICHENG_370112.settings as Record<string, unknown>, now);

    // The ledger, as an import of a file would write it (instructors named by their mobiles)...
    const regionCodes = new Set([DEMO_DISTRICT, ...streets.map((s) => s.code)]);
    const instructorMobiles = roster.filter((p) => p.key.startsWith('instructor-')).map((p) => p.mobile);
    const records = buildLedgerRecords(ledger, instructorMobiles, regionCodes);
    const assignedOn = startOfMonth(addMonths(today, -12));
    const meta = { fileName: '历城区演示台账.xlsx', reason: '演示数据', actorId: null, actorLabel: 'seed-demo', at: now };
    const importId = await startImport(tx, meta);
    const plan = planChunk(records, await fetchChunkContext(tx, records), newImportMemory(), nextId);
    if (plan.rejected.length) throw new Error(`demo ledger rows rejected: ${JSON.stringify(plan.rejected.slice(0, 3))}`);
    await writeChunk(tx, plan, { importId, reason: meta.reason, actorId: null, actorLabel: meta.actorLabel, at: now, today: assignedOn });
    await finishImport(tx, importId, { status: 'done', imported: plan.orgs.length, updated: 0, unchanged: 0, rejected: 0, warnings: plan.warnings.length, at: now });

    const poIds = await partyOrgIdsByName(tx, ledger.partyOrgs.map((p) => p.name));
    const poId = (idx: number) => poIds.get(ledger.partyOrgs[idx]!.name)!;
    const orgIds = await orgIdsByCreditCode(tx, ledger.orgs.map((o) => o.creditCode));
    const orgId = (idx: number) => orgIds.get(ledger.orgs[idx]!.creditCode)!;
    await setPartyOrgFacts(
      tx,
      ledger.partyOrgs.map((p) => ({ id: poId(p.idx), foundedOn: p.foundedOn, termStartedOn: p.termStartedOn, committeeSize: p.committeeSize, themeDay: p.themeDay })),
      now,
    );
    const groupIds = await insertPartyGroups(
      tx,
      ledger.partyOrgs.flatMap((p) => p.groups.map((name) => ({ partyOrgId: poId(p.idx), name }))),
      now,
    );

    // ...then the roster, as an imported roster file with the Feishu users already matched.
    const roster_ = await applyRoster(tx, buildRosterEntries(roster, ledger, regionCodes), new Map(roster.map((p) => [p.mobile, p.openId])), {
      reason: '演示数据',
      actorId: null,
      actorLabel: 'seed-demo',
      at: now,
      today: assignedOn,
    });
    if (roster_.rejected.length || roster_.warnings.length) throw new Error(`demo roster not applied cleanly: ${JSON.stringify([...roster_.rejected, ...roster_.warnings].slice(0, 3))}`);
    const idByMobile = await peopleIdsByMobile(tx, roster.map((p) => p.mobile));
    const personIds = new Map(roster.map((p) => [p.key, idByMobile.get(p.mobile)!]));

    const secretaryOf = new Map(roster.flatMap((p) => p.roles.flatMap((r) => (r.role === 'secretary' ? [[r.partyOrg, personIds.get(p.key)!] as const] : []))));
    const meetingRows: NewMeetingRow[] = meetings.map((m) => {
      const heldAt = shanghaiInstant(m.heldOn, m.time);
      const createdAt = new Date(Math.min(now.getTime(), heldAt.getTime() + m.loggedAfterHours * 3_600_000));
      const partyOrgId = poId(m.partyOrg);
      return {
        partyOrgId,
        kind: m.kind,
        partyGroupId: m.groupName ? (groupIds.get(`${partyOrgId}|${m.groupName}`) ?? null) : null,
        groupName: m.groupName,
        heldAt,
        heldOn: m.heldOn,
        place: m.online ? '线上（视频会议）' : m.place,
        online: m.online,
        host: m.host,
        expected: m.expected,
        present: m.present,
        absentees: m.absentees,
        topics: m.topics,
        content: m.content,
        lecturer: m.lecturer,
        title: m.title,
        grades: m.grades,
        alsoThemeDay: m.alsoThemeDay,
        createdBy: secretaryOf.get(m.partyOrg) ?? null,
        createdAt,
        updatedAt: createdAt,
        idempotencyKey: `demo:meeting:${partyOrgId}:${m.kind}:${m.heldOn}:${m.groupName ?? ''}`,
      };
    });
    await insertMeetings(tx, meetingRows);

    const instructorIds = roster.filter((p) => p.key.startsWith('instructor-')).map((p) => personIds.get(p.key)!);
    const visitRows: NewVisitRow[] = [];
    const problemRows: NewVisitProblemRow[] = [];
    const openProblem = new Map<number, NewVisitProblemRow>();
    for (const v of visits) {
      const id = uuidFrom(rng);
      const at = new Date(Math.min(now.getTime(), shanghaiInstant(v.visitedOn, '18:00').getTime()));
      visitRows.push({
        id,
        orgId: orgId(v.org),
        instructorId: instructorIds[v.instructor]!,
        ...visitFields(v),
        createdAt: at,
        updatedAt: at,
        idempotencyKey: `demo:visit:${id}`,
      });
      // A later visit of the same org solves the problem the last one raised, most of the time.
      const open = openProblem.get(v.org);
      if (open && rng.chance(0.7)) {
        open.solvedByVisitId = id;
        open.solvedOn = v.visitedOn;
        openProblem.delete(v.org);
      }
      if (v.problems) {
        const p: NewVisitProblemRow = { visitId: id, orgId: orgId(v.org), text: v.problems, createdAt: at };
        problemRows.push(p);
        openProblem.set(v.org, p);
      }
    }
    await insertVisits(tx, visitRows);
    await insertVisitProblems(tx, problemRows);

    const newcomer = 'ou_demo_lead_self';
    for (const [i, l] of leads.entries()) {
      const at = new Date(now.getTime() - l.daysAgo * 86_400_000);
      const workplaceOrgId = l.workplaceOrg === null ? null : orgId(l.workplaceOrg);
      const regionCode = l.workplaceOrg === null ? (l.regionCode ?? DEMO_DISTRICT) : ledger.orgs[l.workplaceOrg]!.regionCode;
      const route = await routeFor(tx, { workplaceOrgId, regionCode });
      const by = l.registeredBy ? personIds.get(l.registeredBy)! : null;
      const byName = l.registeredBy ? roster.find((p) => p.key === l.registeredBy)!.name : l.name;
      const { lead } = await registerLead(
        tx,
        {
          name: l.name,
          mobile: l.mobile,
          workplaceOrgId,
          workplaceText: l.workplaceText,
          relationshipAt: l.relationshipAt,
          standing: l.standing,
          joinedYear: l.joinedYear,
          awayKind: l.awayKind,
          takePartAt: 'work',
          note: l.note,
        },
        { kind: l.source, registeredBy: by, registrantOpenId: by ? null : `${newcomer}_${i + 1}`, note: l.note },
        route,
        { id: by, label: byName },
        at,
      );
      let current = lead;
      for (const [k, state] of l.path.entries()) {
        const handler = route.personId;
        const name = roster.find((p) => personIds.get(p.key) === handler)?.name ?? '组织部';
        current = await recordTransition(tx, current, state, { id: handler, label: name }, new Date(at.getTime() + (k + 1) * 86_400_000), null);
      }
    }

    const counts: DemoCounts = {
      streets: streets.length,
      orgs: ledger.orgs.length,
      partyOrgs: ledger.partyOrgs.length,
      people: roster.length,
      meetings: meetingRows.length,
      visits: visitRows.length,
      leads: leads.length,
    };
    await auditSeed(tx, now, { seed: DEMO_SEED, ...counts });
    return { seeded: true, counts, ms: 0 };
  });
  return outcome.seeded ? { ...outcome, ms: Date.now() - started } : outcome;
}
