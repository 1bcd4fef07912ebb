/**
 * Send with a look first: read Segment's plan, say what would change (and what was edited in Segment since
 * the last sync), back it up, and only then overwrite. The add-on and the command line differ only in the hooks.
 */
import { diffRules, PlanDiff } from './diff';
import type { HttpClient } from './http';
import { normalizedRules, publicRulesHash, readRemotePlan, RemotePlan, RuleSet, rulesHash } from './remote-plan';
import type { RetryOptions } from './retry';
import type { UploadTarget } from './target';
import type { UploadStep } from './plan-api-types';
import type { UploadReport } from './upload';

/** What is remembered of a plan after each import or upload. */
export interface SyncState {
  hash: string;
  updatedAt: string | null;
  syncedAt: string;
}

export interface SyncRecord {
  state: SyncState;
  /** The rules as synced: lets the edits made in Segment since be listed, not just noticed. */
  ruleSet: RuleSet;
}

export interface Review {
  remote: RemotePlan;
  /** From Segment's plan to the one about to be sent. */
  diff: PlanDiff;
  /** The plan will be renamed to this. */
  rename: string | null;
  /** Set when Segment's plan changed since the last import or upload from this spreadsheet. */
  editedInSegment: null | { lastSync: SyncState; edits: PlanDiff | null };
  /** Set when the plan changed in Segment while the previous confirmation was open: what changed meanwhile. */
  changedWhileAsked: PlanDiff | null;
  /** The fingerprint of Segment's rules, when a last sync made it worth computing (recording a sync reuses it). */
  remoteHash: string | null;
}

/** The last sync as remembered: its state now, its rules only when asked (they can be large to read). */
export interface LastSync {
  state: SyncState;
  ruleSet(): RuleSet | null | Promise<RuleSet | null>;
}

export interface SendHooks {
  lastSync(planKey: string): LastSync | null | Promise<LastSync | null>;
  confirm(review: Review): boolean | Promise<boolean>;
  backup(remote: RemotePlan): void | Promise<void>;
  recordSync(planKey: string, record: SyncRecord): void | Promise<void>;
  now(): string;
  /** Told as each step begins: reading Segment's plan, backing it up, each batch, reading it back. */
  progress?(step: UploadStep): void;
}

export type SendOutcome =
  { kind: 'unchanged'; review: Review } | { kind: 'cancelled'; review: Review } | { kind: 'sent'; review: Review; report: UploadReport };

export function planKey(remote: Pick<RemotePlan, 'api' | 'planId'>): string {
  return `${remote.api}:${remote.planId}`;
}

/** Compares Segment's plan with a rule set: the review an upload would be confirmed on. */
export async function review(
  http: HttpClient,
  target: UploadTarget,
  ruleSet: RuleSet,
  retry: RetryOptions,
  hooks: Pick<SendHooks, 'lastSync'>,
): Promise<Review> {
  return reviewOf(await readRemotePlan(http, target, retry), target, ruleSet, hooks, null);
}

/** The review of a plan just read; `asked` is the plan the previous confirmation showed, if any. */
export async function reviewOf(
  remote: RemotePlan,
  target: UploadTarget,
  ruleSet: RuleSet,
  hooks: Pick<SendHooks, 'lastSync'>,
  asked: RemotePlan | null,
): Promise<Review> {
  // Segment's rules as the diffs and the fingerprint read them, converted once (a big plan's are megabytes).
  const remoteRules = normalizedRules(remote.ruleSet);
  const diff = diffRules(remoteRules, normalizedRules(ruleSet));
  const name = target.displayName.trim();
  const last = await hooks.lastSync(planKey(remote));
  let editedInSegment: Review['editedInSegment'] = null;
  const remoteHash = last ? publicRulesHash(remoteRules) : null;
  if (last && last.state.hash !== remoteHash) {
    const synced = await last.ruleSet();
    editedInSegment = { lastSync: last.state, edits: synced ? diffRules(normalizedRules(synced), remoteRules) : null };
  }
  const changedWhileAsked = asked ? diffRules(normalizedRules(asked.ruleSet), remoteRules) : null;
  return { remote, diff, rename: name && name !== remote.name ? name : null, editedInSegment, changedWhileAsked, remoteHash };
}

export function syncState(ruleSet: RuleSet, updatedAt: string | null, now: string, hash?: string | null): SyncState {
  return { hash: hash ?? rulesHash(ruleSet), updatedAt, syncedAt: now };
}
