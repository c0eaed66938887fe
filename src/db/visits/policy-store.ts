// The one policy resolver lives in src/db/stores/policy-store.ts.
export { loadPolicyOverrides, policyResolver, type PolicyOf } from '../stores/policy-store.ts';
