// The one policy resolver lives in src/db/stores/policy-store.ts.
export { loadPolicies, policyFor } from '../stores/policy-store.ts';
