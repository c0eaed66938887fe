import { noticeCard } from '../cards/notice-card.ts';
import type { Prompts } from './prompts.ts';
import type { Card } from './types.ts';

/** What a person sees when handling their message failed: nothing was saved, try again later. */
export const errorCard = (t: Prompts): Card => noticeCard(t, 'engine.error_title', t('engine.error'), 'red');
