/**
 * The demo's people: a district officer, a street officer, an admin, 10 instructors, 20
 * secretaries and a few members, with stable open_ids (`ou_demo_…`) so the console, the README
 * and the browser test can name them.
 */
import type { Role } from '../db/schema/core.ts';
import type { DemoLedger } from './demo-ledger.ts';
import * as W from './demo-words.ts';
import type { Rng } from './prng.ts';

export const DEMO_DISTRICT = '370112';
/** The street officer's street. */
export const DEMO_STREET_NAME = '唐王街道';

export type DemoRole = { role: Extract<Role, 'officer' | 'instructor' | 'admin'>; regionCode: string } | { role: Extract<Role, 'secretary' | 'member'>; partyOrg: number };

export interface DemoPerson {
  key: string;
  openId: string;
  name: string;
  mobile: string;
  roles: DemoRole[];
}

export const DEMO_OPEN_IDS = {
  districtOfficer: 'ou_demo_officer_district',
  streetOfficer: 'ou_demo_officer_street',
  admin: 'ou_demo_admin',
  instructor: (n: number) => `ou_demo_instructor_${String(n).padStart(2, '0')}`,
  secretary: (n: number) => `ou_demo_secretary_${String(n).padStart(2, '0')}`,
  member: (n: number) => `ou_demo_member_${String(n).padStart(2, '0')}`,
} as const;

const INSTRUCTORS = ['张明远', '李秀英', '刘志刚', '陈晓燕', '杨国栋', '赵海燕', '黄卫东', '吴静', '徐建华', '马丽娟'];
const SECRETARIES = [
  '高文杰', '林淑芬', '何振华', '郭红梅', '罗建平', '梁秀兰', '宋立新', '郑丽萍', '谢国强', '韩雪',
  '唐志勇', '冯玉兰', '于海涛', '董晓丽', '彭永刚', '程芳', '曹文博', '袁丽', '邓建军', '许慧敏',
];
const MEMBERS = ['田小军', '潘婷', '蒋浩然', '沈佳怡'];
/** Streets the instructors work in, busiest first (looked up by name in the regions table). */
export const INSTRUCTOR_STREET_NAMES = ['唐冶街道', '唐王街道', '王舍人街道', '港沟街道', '山大路街道', '洪家楼街道', '郭店街道', '鲍山街道', '东风街道', '全福街道'];

export const INSTRUCTOR_COUNT = INSTRUCTORS.length;
export const SECRETARY_COUNT = SECRETARIES.length;

/** A Chinese personal name from the pools (principals of orgs, leads). */
export function personName(rng: Rng): string {
  return rng.pick(W.SURNAMES) + rng.pick(W.GIVEN);
}

/** Invented mobiles in one block, unique per person (a real ledger matches people by mobile). */
export const demoMobile = (n: number) => `1390531${String(n).padStart(4, '0')}`;

/**
 * The roster. `instructorStreets[i]` is instructor i's street; `secretaryOrgs[i]` secretary i's
 * party org; `memberOrgs[i]` member i's party org (indices into the ledger's party orgs).
 */
export function demoRoster(instructorStreets: string[], secretaryOrgs: number[], memberOrgs: number[], streetCode: string): DemoPerson[] {
  let m = 0;
  const people: DemoPerson[] = [
    { key: 'officer-district', openId: DEMO_OPEN_IDS.districtOfficer, name: '周建国', mobile: demoMobile(++m), roles: [{ role: 'officer', regionCode: DEMO_DISTRICT }] },
    { key: 'officer-street', openId: DEMO_OPEN_IDS.streetOfficer, name: '孙丽华', mobile: demoMobile(++m), roles: [{ role: 'officer', regionCode: streetCode }] },
    { key: 'admin', openId: DEMO_OPEN_IDS.admin, name: '王志强', mobile: demoMobile(++m), roles: [{ role: 'admin', regionCode: DEMO_DISTRICT }] },
  ];
  m = 100;
  INSTRUCTORS.forEach((name, i) =>
    people.push({ key: `instructor-${i + 1}`, openId: DEMO_OPEN_IDS.instructor(i + 1), name, mobile: demoMobile(++m), roles: [{ role: 'instructor', regionCode: instructorStreets[i] ?? DEMO_DISTRICT }] }),
  );
  m = 200;
  SECRETARIES.slice(0, secretaryOrgs.length).forEach((name, i) =>
    people.push({ key: `secretary-${i + 1}`, openId: DEMO_OPEN_IDS.secretary(i + 1), name, mobile: demoMobile(++m), roles: [{ role: 'secretary', partyOrg: secretaryOrgs[i]! }] }),
  );
  m = 300;
  MEMBERS.slice(0, memberOrgs.length).forEach((name, i) =>
    people.push({ key: `member-${i + 1}`, openId: DEMO_OPEN_IDS.member(i + 1), name, mobile: demoMobile(++m), roles: [{ role: 'member', partyOrg: memberOrgs[i]! }] }),
  );
  return people;
}

/**
 * Which party orgs the 20 secretaries run: the first a standalone branch with party groups that
 * keeps its meetings well (the showcase), one on the street officer's street, half standalone and
 * half joint, and a few that have fallen behind (so reminders have something to say).
 */
export function pickSecretaryOrgs(rng: Rng, ledger: DemoLedger, streetCode: string): number[] {
  const pos = ledger.partyOrgs.filter((p) => ledger.orgs[p.orgs[0]!]!.status === 'operating' && p.type !== 'functional_branch');
  const chosen: number[] = [];
  const take = (p: { idx: number } | undefined) => p && !chosen.includes(p.idx) && chosen.push(p.idx);
  take(pos.find((p) => p.formation === 'standalone' && p.type === 'branch' && p.groups.length > 0 && p.diligence === 'good'));
  take(pos.find((p) => p.orgs.some((i) => ledger.orgs[i]!.regionCode === streetCode) && p.formation === 'joint'));
  take(pos.find((p) => p.orgs.some((i) => ledger.orgs[i]!.regionCode === streetCode) && p.formation === 'standalone'));
  for (const p of rng.shuffle(pos.filter((x) => x.diligence !== 'good')).slice(0, 4)) take(p);
  const half = SECRETARY_COUNT / 2;
  for (const p of rng.shuffle(pos)) {
    if (chosen.length >= SECRETARY_COUNT) break;
    const standalone = chosen.filter((i) => ledger.partyOrgs[i]!.formation === 'standalone').length;
    if (p.formation === 'standalone' ? standalone < half : chosen.length - standalone < half) take(p);
  }
  for (const p of pos) if (chosen.length < SECRETARY_COUNT) take(p);
  return chosen;
}
