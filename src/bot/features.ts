import type { Feature } from './feature.ts';
import { coreFeature } from './core-feature.ts';
import { feedbackFeature } from '../flows/feedback/feedback-flow.ts';
import { meetingsFeature } from '../flows/meetings/meetings-feature.ts';

/** Every product area plugged into the bot; add a line when a feature lands. */
export const features: Feature[] = [coreFeature, feedbackFeature, meetingsFeature];
