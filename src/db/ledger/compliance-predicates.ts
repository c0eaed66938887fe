/**
 * Each compliance check as one SQL condition, used by both its count and its list. Thresholds
 * come from the policy of each row's own region: where a region inside the subtree overrides a
 * number, a CASE on the region code picks it (narrowest override first), so a county's figure is
 * the sum of what each street's rules say.
 */
import { sql, type SQL } from 'drizzle-orm';
import { REGISTRATION_LEVELS, type Policy, type RegionalPolicies } from '../../domain/policy/index.ts';
import type { InstructorCheckId, OrgCheckId, PartyOrgCheckId } from '../../ledger/compliance-checks.ts';
import { orgs, partyOrgs } from '../schema/ledger.ts';
import { startsWith } from '../sql.ts';

type Value = number | boolean;

const lit = (v: Value): SQL => {
  if (typeof v === 'boolean') return sql.raw(v ? 'true' : 'false');
  if (!Number.isFinite(v)) throw new RangeError(`not a number: ${v}`);
  return sql.raw(String(v));
};

/** The value for a row in `regionCol`'s region: a literal when every region agrees, else a CASE. */
export function regional(rp: RegionalPolicies, regionCol: SQL, pick: (p: Policy) => Value): SQL {
  const root = pick(rp.root);
  if (rp.nested.every((n) => pick(n.policy) === root)) return lit(root);
  const arms = rp.nested.map((n) => sql`when ${regionCol} like ${`${n.code}%`} then ${lit(pick(n.policy))}`);
  return sql`(case ${sql.join(arms, sql` `)} else ${lit(root)} end)`;
}

/**
 * 入党积极分子 an org owes a year (004 §11): the count of the largest size threshold it reaches,
 * from the subtree root's lists (as T3's sub-types), 0 below every threshold.
 */
export function activistsOwed(policy: Policy): SQL {
  const arms = (steps: Array<{ from: number; count: number }>) =>
    [...steps].sort((a, b) => b.from - a.from).map((s) => sql`when ${orgs.employees} >= ${lit(s.from)} then ${lit(s.count)}`);
  const a = policy.people.activistsPerYear;
  const enterprise = arms(a.enterprise.map((s) => ({ from: s.fromEmployees, count: s.count })));
  const social = arms(a.socialOrg.map((s) => ({ from: s.fromStaff, count: s.count })));
  const of = (kind: string, whens: SQL[]) => (whens.length ? sql`when ${orgs.kind} = ${kind} then (case ${sql.join(whens, sql` `)} else 0 end)` : sql``);
  return sql`(case ${of('enterprise', enterprise)} ${of('social_org', social)} else 0 end)`;
}

/** Checks on orgs (the table referenced without an alias, as `orgs`); `today` (Shanghai) gives A1's year. */
export function orgCheckPredicates(rp: RegionalPolicies, today: string): Record<OrgCheckId, SQL> {
  const region = sql`${orgs.regionCode}`;
  const r = (pick: (p: Policy) => Value) => regional(rp, region, pick);
  const operating = sql`${orgs.status} = 'operating'`;
  const enterprise = sql`${orgs.kind} = 'enterprise'`;
  const social = sql`${orgs.kind} = 'social_org'`;
  const noPartyOrg = sql`(${orgs.formation} = 'none' or ${orgs.partyOrgType} is null)`;
  const noMember = sql`(${orgs.membersFormal} + ${orgs.membersProbationary}) = 0`;
  const members = sql`(${orgs.membersFormal} + case when ${r((p) => p.formation.countUntransferredMembers)} then ${orgs.membersUntransferred} else 0 end)`;
  const qualifies = sql`${members} >= ${r((p) => p.formation.minFormalMembers)}`;
  // Sub-types are matched as contained words (民办医院 in 民办医院（医疗机构）); the root's lists.
  const subtypeIn = (words: string[]) =>
    sql`exists (select 1 from unnest(array[${sql.join(words.map((s) => sql`${s}`), sql`, `)}]::text[]) s(w) where position(s.w in coalesce(${orgs.subtype}, '')) > 0)`;
  const keySubtypes = rp.root.thresholds.keySocialOrgs.subtypes;
  const keySubtype = keySubtypes.length ? subtypeIn(keySubtypes) : sql`false`;
  // T7 compares levels by their order in REGISTRATION_LEVELS (county 0 … national 3); off = a rank no level reaches.
  const registered = rp.root.thresholds.registeredSocialOrgs.subtypes;
  const registeredSubtype = registered.length ? subtypeIn(registered) : sql`true`;
  const levelRank = sql`(case ${orgs.registrationLevel} ${sql.join(REGISTRATION_LEVELS.map((l, i) => sql.raw(`when '${l}' then ${i}`)), sql` `)} end)`;
  const fromRank = r((p) => {
    const from = p.thresholds.registeredSocialOrgs.fromLevel;
    return from === null ? REGISTRATION_LEVELS.length : REGISTRATION_LEVELS.indexOf(from);
  });
  const aboveScale = sql`(${orgs.employees} >= ${r((p) => p.thresholds.aboveScale.minEmployees)} or coalesce(${orgs.revenue}, 0) >= ${r((p) => p.thresholds.aboveScale.minRevenueWanYuan)})`;
  return {
    F1: sql`(${operating} and ${qualifies} and ${orgs.formation} = 'none')`,
    F5: sql`(${operating} and ${qualifies} and ${orgs.formation} = 'joint')`,
    // F7: 003 §三1 有正式党员2名的，要通过选派党建指导员等方式，全部单独建立党组织; 004 §6 有2名
    // 正式党员且影响力较大的，可选派……党建工作指导员并转入组织关系帮建. Members are counted as for F1
    // (003's 含未接转组织关系的……党员 applies to both); the list shows whether an instructor is assigned.
    F7: sql`(${operating} and ${members} = ${r((p) => p.formation.instructorHelpedMembers)} and ${orgs.formation} <> 'standalone')`,
    T1: sql`(${operating} and ${enterprise} and ${orgs.employees} >= ${r((p) => p.thresholds.memberRequiredFromEmployees)} and ${noMember})`,
    T2: sql`(${operating} and ${enterprise} and ${orgs.employees} >= ${r((p) => p.thresholds.partyOrgRequiredFromEmployees)} and ${noPartyOrg})`,
    T3: sql`(${operating} and ${social} and ${keySubtype} and ${orgs.employees} >= ${r((p) => p.thresholds.keySocialOrgs.partyOrgRequiredFromStaff)} and ${noPartyOrg})`,
    T4: sql`(${operating} and ${r((p) => p.thresholds.aboveScale.standaloneRequired)} and ${enterprise} and ${aboveScale} and not (${orgs.formation} = 'standalone' and ${orgs.partyOrgType} is not null))`,
    T5: sql`(${operating} and ${r((p) => p.thresholds.ledgerScope.enabled)} and (
          (${enterprise} and ${orgs.employees} >= ${r((p) => p.thresholds.ledgerScope.enterpriseMinEmployees ?? 0)} and ${noPartyOrg})
          or (${social} and ${orgs.employees} >= ${r((p) => p.thresholds.ledgerScope.socialOrgMinStaff ?? 0)} and ${noMember})))`,
    // T7: 000 一 省级以上社会团体……有党组织; 001 一 市级社会团体……建有党的组织 (the region's level).
    // An org whose level the ledger does not give is not listed: nothing says it is 市级.
    T7: sql`(${operating} and ${social} and ${registeredSubtype} and ${levelRank} >= ${fromRank} and ${noPartyOrg})`,
    // A1: 004 §11 职工人数50人以上的，每年至少培养1名入党积极分子；100人以上的……2名 … 从业人员30人以上的
    // 实体性社会组织，每年至少培养1名. This year's count as the party org's secretary reports it (none
    // reported = 0); orgs without a party org have no secretary to report and are on T1/T2 already.
    A1: sql`(${operating} and ${orgs.partyOrgId} is not null and ${orgs.formation} <> 'none' and ${activistsOwed(rp.root)} > coalesce((
          select a.count from org_activists a where a.org_id = ${orgs.id} and a.year = ${lit(Number(today.slice(0, 4)))}), 0))`,
  };
}

/**
 * Party orgs that belong to the subtree: located in it, or covering an org in it. The ids are
 * gathered first (two index range scans) and looked up by key: an OR of the two conditions, or a
 * join the planner may turn into a hash join, reads every party org of the country.
 */
export function partyOrgInRegion(code: string): SQL {
  return sql`${partyOrgs.id} = any(array(
    select o.party_org_id from ${orgs} o where ${startsWith(sql`o.region_code`, code)} and o.party_org_id is not null
    union select p2.id from ${partyOrgs} p2 where ${startsWith(sql`p2.region_code`, code)}))`;
}

/** Operating orgs a party org covers now. */
export const coveredOrgCount = sql`(select count(*) from ${orgs} o where o.party_org_id = ${partyOrgs.id} and o.status = 'operating')`;

/** `today` (a Shanghai calendar date) decides which party orgs are newly formed (I3). */
export function partyOrgCheckPredicates(rp: RegionalPolicies, today: string): Record<PartyOrgCheckId, SQL> {
  const r = (pick: (p: Policy) => Value) => regional(rp, sql`${partyOrgs.regionCode}`, pick);
  const members = sql`(${partyOrgs.membersFormal} + ${partyOrgs.membersProbationary})`;
  const coversAny = sql`exists (select 1 from ${orgs} o where o.party_org_id = ${partyOrgs.id})`;
  const coversOperating = sql`exists (select 1 from ${orgs} o where o.party_org_id = ${partyOrgs.id} and o.status = 'operating')`;
  const hasInstructor = sql`exists (select 1 from ${orgs} o where o.party_org_id = ${partyOrgs.id} and o.has_instructor)`;
  const isNew = sql`(${partyOrgs.foundedOn} is not null and ${partyOrgs.foundedOn} > (${today}::date - make_interval(months => ${r((p) => p.instructors.newPartyOrgMonths)}))::date)`;
  // M1 judges the last year that has ended (a period is judged when it has ended: domain.md).
  const lastYear = Number(today.slice(0, 4)) - 1;
  const yearStart = `${lastYear}-01-01`;
  const yearEnd = `${lastYear}-12-31`;
  const secretaryLectures = sql`(select count(*) from meetings m
      where m.party_org_id = ${partyOrgs.id} and m.kind = 'lecture' and m.deleted_at is null
        and m.held_on between ${yearStart}::date and ${yearEnd}::date
        and exists (select 1 from person_roles pr join people pp on pp.id = pr.person_id
          where pr.role = 'secretary' and pr.party_org_id = ${partyOrgs.id} and pp.name = btrim(m.lecturer)))`;
  // P2: trained "every N years" read as: the last training is less than N years before today.
  const trainedWithin = (col: SQL, years: SQL) => sql`(${col} is not null and ${col} > (${today}::date - make_interval(years => ${years}))::date)`;
  return {
    // P1: 004 §9 每个非公有制企业和社会组织党组织至少要有1名后备人才 (people.secretaryReservesMin);
    // a party org that has not reported its reserves is listed too.
    P1: sql`(${coversOperating} and coalesce(${partyOrgs.reserveSecretaries}, 0) < ${r((p) => p.people.secretaryReservesMin)})`,
    // P2: 004 §12 党组织书记每年轮训1次，党务工作者……每两年轮训1次 (people.secretaryTrainingEveryYears,
    // workerTrainingEveryYears): a party org whose secretary or party workers are due (never recorded counts as due).
    P2: sql`(${coversOperating} and not (${trainedWithin(sql`${partyOrgs.secretaryTrainedOn}`, r((p) => p.people.secretaryTrainingEveryYears))}
          and ${trainedWithin(sql`${partyOrgs.workersTrainedOn}`, r((p) => p.people.workerTrainingEveryYears))}))`,
    // M1: 004 §14 党组织书记每年至少讲1次党课, where the policy has it (the 条例 第十五条 asks it of
    // 党委（党组）书记 only). A party org founded during that year owed nothing for it.
    M1: sql`(${r((p) => p.people.secretaryLecture.enabled)} and (${partyOrgs.foundedOn} is null or ${partyOrgs.foundedOn} <= ${yearStart}::date)
          and ${coversOperating} and ${secretaryLectures} < ${r((p) => p.people.secretaryLecture.perYear)})`,
    // T6 空壳支部 → 撤改立: 002 三(二)1 对破产、停产等无法正常经营的，按程序做好党组织"撤改立"工作;
    // 004 §8 因党员人数或者所在单位……发生变化，不再符合设立条件的党组织……及时清理撤销"空壳"党组织.
    // So: every org it covers has stopped operating, or fewer formal members than a party org
    // needs (F1's number, 004 §6 正式党员3人以上……都应当成立党组织).
    T6: sql`((${coversAny} and not ${coversOperating}) or ${partyOrgs.membersFormal} < ${r((p) => p.formation.minFormalMembers)})`,
    // I3: 000 二6 对新组建的党组织，明确党建工作指导员联系指导; 001 二(六) 对新组建的党组织……担任
    // 第一书记或党建工作指导员联系指导; 002 二(二) 对"两新"组织党组织全部选派党建工作指导员 (every
    // party org, where a region's policy says so). An instructor of any org it covers counts.
    I3: sql`((${r((p) => p.instructors.allPartyOrgsNeedOne)} or ${isNew}) and ${coversOperating} and not ${hasInstructor})`,
    F4: sql`(${partyOrgs.formation} = 'joint' and ${coveredOrgCount} > ${r((p) => p.formation.jointOrgMaxOrgs)})`,
    F6: sql`((${members} > ${r((p) => p.formation.partyCommitteeAboveMembers)} and ${partyOrgs.type} <> 'committee')
          or (${members} > ${r((p) => p.formation.generalBranchAboveMembers)} and ${partyOrgs.type} not in ('general_branch', 'committee')))`,
  };
}

/**
 * Assigned orgs per instructor, counted against the caps (assignments with an officer's exception
 * reason are not counted): a derived table `s(instructor_id, with_po, without_po)` of the
 * instructors with at least one assigned org in the subtree.
 */
export function instructorLoads(code: string): SQL {
  return sql`(
    select a.instructor_id,
      (count(*) filter (where o.formation <> 'none' and o.party_org_type is not null))::int as with_po,
      (count(*) filter (where o.formation = 'none' or o.party_org_type is null))::int as without_po
    from instructor_assignments a join ${orgs} o on o.id = a.org_id
    where a.exception_reason is null and o.status = 'operating'
      and a.instructor_id = any(array(
        select distinct a2.instructor_id from instructor_assignments a2 join ${orgs} o2 on o2.id = a2.org_id where ${startsWith(sql`o2.region_code`, code)}))
    group by a.instructor_id) s`;
}

/** Instructors' caps are the subtree root's (an instructor may span several streets). */
export function instructorCheckPredicates(rp: RegionalPolicies): Record<InstructorCheckId, SQL> {
  const total = rp.root.instructors.maxOrgsInTotal;
  return {
    // I1, I2: 002 二(二) 指导"两新"组织党组织不超过5家 … 指导（未建党组织的）"两新"组织不超过3家
    I1: sql`(s.with_po > ${lit(rp.root.instructors.maxOrgsWithPartyOrg)})`,
    I2: sql`(s.without_po > ${lit(rp.root.instructors.maxOrgsWithoutPartyOrg)})`,
    // I1b: 004 §10 党建工作指导员联系指导单位原则上不超过5个 (units in all), where the policy sets it
    I1b: total === null ? sql`false` : sql`((s.with_po + s.without_po) > ${lit(total)})`,
  };
}
