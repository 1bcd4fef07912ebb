/** A plan as one API or the other holds it, read, compared and written the same way for both. */
import type { TrackingPlan } from '../plan/model';
import { canonicalJson } from '../json/json';
import type { HttpClient } from './http';
import { planApi } from './plan-api';
import type { RetryOptions } from './retry';
import { PublicRule, ruleId } from './rules';
import type { ApiKind, RemotePlan, RuleSet, UploadTarget } from './plan-api-types';

export type { RemotePlan, RuleSet } from './plan-api-types';

export function sheetRuleSet(plan: TrackingPlan, api: ApiKind): RuleSet {
  return planApi(api).ruleSet(plan);
}

/** Either API's rules as Public API rules: the one form diffs, imports and hashes work on. */
export function normalizedRules(ruleSet: RuleSet): PublicRule[] {
  return planApi(ruleSet.api)
    .publicRules(ruleSet)
    .map((r) => ({ type: r.type, ...(r.key !== undefined ? { key: r.key } : {}), version: r.version, jsonSchema: r.jsonSchema }));
}

/** The rules in one order whatever order a server listed them in: what fingerprints and comparisons read. */
export function sortedRules(ruleSet: RuleSet): PublicRule[] {
  return normalizedRules(ruleSet).sort(byRuleId);
}

const byRuleId = (a: PublicRule, b: PublicRule) => (ruleId(a) < ruleId(b) ? -1 : 1);

/** A short fingerprint of a rule set's content, to notice edits made in Segment. */
export function rulesHash(ruleSet: RuleSet): string {
  return publicRulesHash(normalizedRules(ruleSet));
}

/** rulesHash of rules already normalized. */
export function publicRulesHash(rules: readonly PublicRule[]): string {
  const text = canonicalJson([...rules].sort(byRuleId));
  // cyrb53: fast, no crypto needed (Apps Script has no SubtleCrypto), collisions negligible here.
  // A local imul: looking Math up on the global object on every character is slow in some hosts.
  const imul = Math.imul;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0, n = text.length; i < n; i++) {
    const ch = text.charCodeAt(i);
    h1 = imul(h1 ^ ch, 2654435761);
    h2 = imul(h2 ^ ch, 1597334677);
  }
  h1 = imul(h1 ^ (h1 >>> 16), 2246822507) ^ imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = imul(h2 ^ (h2 >>> 16), 2246822507) ^ imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Reads the plan the target names, with all its rules. */
export function readRemotePlan(http: HttpClient, target: UploadTarget, retry: RetryOptions): Promise<RemotePlan> {
  return planApi(target.api).read(http, target, retry);
}
