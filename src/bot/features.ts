import type { Feature } from './feature.ts';
import { coreFeature } from './core-feature.ts';
import { feedbackFeature } from '../flows/feedback/feedback-flow.ts';
import { meetingsFeature } from '../flows/meetings/meetings-feature.ts';
import { visitsFeature } from '../flows/visits/visit-feature.ts';
import { plansFeature } from '../flows/plans/plans-feature.ts';
import { leadsFeature } from '../flows/leads/leads-feature.ts';
import { remindersFeature } from '../reminders/reminders-feature.ts';
import { ledgerFeature } from '../ledger/chat/ledger-feature.ts';
import { policyFeature } from '../flows/policy/policy-feature.ts';

/** Every product area plugged into the bot; add a line when a feature lands. */
export const features: Feature[] = [coreFeature, feedbackFeature, meetingsFeature, visitsFeature, plansFeature, leadsFeature, ledgerFeature, policyFeature, remindersFeature];
