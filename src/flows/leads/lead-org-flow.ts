/**
 * 组织找党员: a secretary, instructor or officer registers a person who may be a member, with what
 * is known and where the lead came from (issue 7 §2). The lead must lie in the actor's scope.
 */
import { defineFlow } from '../../bot/flow.ts';
import { submitLead, submittedCard } from './lead-submit.ts';
import { whereStep } from './where-step.ts';
import { whoStep } from './who-step.ts';

export const leadOrgFlow = defineFlow({
  id: 'lead-org',
  version: 1,
  roles: ['secretary', 'instructor', 'officer'],
  titleKey: 'leads.org.title',
  start: () => ({ step: 'who', answers: {} }),
  steps: {
    who: whoStep({
      titleKey: 'leads.org.title',
      introKey: 'leads.org.intro',
      mobileRequired: false,
      workplaceRequired: false,
      extra: [
        { name: 'sourceNote', labelKey: 'leads.field.source', hintKey: 'leads.field.source_hint', required: true, max: 100 },
        { name: 'note', labelKey: 'leads.field.known', hintKey: 'leads.field.known_hint', multiline: true, max: 300 },
      ],
    }),
    where: whereStep('org', 'leads.org.title', (ctx, answers) => submitLead(ctx, 'org', answers)),
  },
  confirmation: (ctx, result) => submittedCard(ctx, result, 'org'),
});
