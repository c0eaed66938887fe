/**
 * 党员找党员: a member points to someone who may be a member, with how to reach them
 * (issue 7 §3): a mobile, or any other way (same WeChat, the desk they sit at).
 */
import { defineFlow } from '../../bot/flow.ts';
import { submitLead, submittedCard } from './lead-submit.ts';
import { whereStep } from './where-step.ts';
import { whoStep } from './who-step.ts';

export const leadPeerFlow = defineFlow({
  id: 'lead-peer',
  version: 1,
  roles: ['member', 'secretary', 'instructor', 'officer'],
  titleKey: 'leads.peer.title',
  start: () => ({ step: 'who', answers: {} }),
  steps: {
    who: whoStep({
      titleKey: 'leads.peer.title',
      introKey: 'leads.peer.intro',
      mobileRequired: false,
      workplaceRequired: false,
      extra: [
        { name: 'contactNote', labelKey: 'leads.field.contact', hintKey: 'leads.field.contact_hint', max: 100 },
        { name: 'note', labelKey: 'leads.field.known', hintKey: 'leads.field.known_hint', multiline: true, max: 300 },
      ],
      check: (v): Record<string, string> => (v.mobile || v.contactNote ? {} : { mobile: 'leads.err.reach' }),
    }),
    where: whereStep('member', 'leads.peer.title', (ctx, answers) => submitLead(ctx, 'member', answers)),
  },
  confirmation: (ctx, result) => submittedCard(ctx, result, 'member'),
});
