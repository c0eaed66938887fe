// The prompt lookup lives in domain/ (cards and db use its type too); features import it from here.
export { createPrompts, dynamicKey, type PromptKey, type Prompts } from '../domain/prompts.ts';
