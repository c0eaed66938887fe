/**
 * Member finding (issue 7): 党员找组织, 组织找党员 and 党员找党员 as one pipeline of leads, the
 * buttons that move a lead along, and the lists for the people handling them and for officers.
 */
import type { Command, Feature } from '../../bot/feature.ts';
import { flowCommand } from '../../bot/feature.ts';
import { memberSelfFlow } from './member-self-flow.ts';
import { leadOrgFlow } from './lead-org-flow.ts';
import { leadPeerFlow } from './lead-peer-flow.ts';
import { leadActions } from './lead-actions.ts';
import { myLeadsCard, overviewCard } from './lead-lists-cards.ts';

/** `找党员` / `登记线索`: secretaries, instructors and officers register for their org; members point to a peer. */
const findCommand: Command = {
  id: 'leads.find',
  words: ['找党员', '登记线索', '组织找党员'],
  roles: ['officer', 'instructor', 'secretary', 'member'],
  help: { labelKey: 'leads.cmd.find', order: 40 },
  run: (ctx) => ctx.startFlow(ctx.person.roles.some((r) => r.role !== 'member' && r.role !== 'admin') ? leadOrgFlow.id : leadPeerFlow.id),
};

export const leadsFeature: Feature = {
  flows: [memberSelfFlow, leadOrgFlow, leadPeerFlow],
  commands: [
    flowCommand(memberSelfFlow, 'leads.self', ['我是党员', '找组织', '党员找组织']),
    findCommand,
    flowCommand(leadPeerFlow, 'leads.peer', ['党员找党员']),
    { id: 'leads.mine', words: ['我的线索', '线索'], roles: ['officer', 'instructor', 'secretary', 'member'], help: { labelKey: 'leads.cmd.mine', order: 42 }, run: myLeadsCard },
    { id: 'leads.overview', words: ['线索情况', '党员线索情况', '找党员情况'], roles: ['officer'], help: { labelKey: 'leads.cmd.overview', order: 43 }, run: overviewCard },
  ],
  actions: leadActions,
};
