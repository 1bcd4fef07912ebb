/**
 * What the two Segment APIs a plan can live in have in common, and what their callers hand them: the `PlanApi`
 * interface, the targets and the rule sets. Everything that differs between the Config API (rs_ ids) and the
 * Public API (tp_ ids) is a member of `PlanApi`, so no caller asks which API it is talking to. The
 * implementations import this module and nothing that chooses between them (`plan-api.ts` does), so the
 * chooser can import them without a circle.
 */
import type { ColumnKey } from '../plan/columns';
import type { TrackingPlan } from '../plan/model';
import type { Problem } from '../plan/problems';
import type { ConfigRules } from '../schema/build-rules';
import type { HttpClient } from './http';
import type { PublicApiTarget } from './public-api-client';
import type { RetryOptions } from './retry';
import type { PublicRule } from './rules';

export type ApiKind = 'config' | 'public';

export interface ConfigApiTarget {
  /** Defaults to Segment's; the emulator's address in tests and `npm start`. */
  baseUrl?: string;
  token: string;
  workspaceSlug: string;
  trackingPlanId: string;
}

export type UploadTarget =
  | { api: 'config'; config: ConfigApiTarget; displayName: string }
  | { api: 'public'; public: PublicApiTarget; displayName: string; workspaceSlug: string };

/** Rules in the form their API takes them, so a backup restores exactly what was there. */
export type RuleSet = { api: 'config'; rules: ConfigRules } | { api: 'public'; rules: PublicRule[] };

export interface RemotePlan {
  api: ApiKind;
  planId: string;
  name: string;
  /** Segment's update_time / updatedAt, when it gives one. */
  updatedAt: string | null;
  ruleSet: RuleSet;
}

/** Where the sheet's columns are (letters), so a problem an API finds in a plan can point at its cell. */
export interface PlanCells {
  sheet: string;
  columns: Partial<Record<ColumnKey, string>>;
}

/** What a target is made from, once the settings are checked. */
export interface TargetSettings {
  baseUrl: string;
  token: string;
  trackingPlanId: string;
  workspaceSlug: string;
  displayName: string;
  eu: boolean;
}

/**
 * A step of a send, for whoever waits on it (the add-on's toasts and sidebar): the words are `stepText`'s, in
 * report-text.ts, so every front end says the same.
 */
export type UploadStep =
  | { step: 'reading' }
  | { step: 'rereading' }
  | { step: 'backing up' }
  | { step: 'batch'; batch: number; batches: number }
  | { step: 'reading back' };

export interface UploadOptions {
  /** Ms since the epoch by which the run must be done (Apps Script stops executions at 6 minutes). */
  deadline?: number;
  /** Told as each step begins. */
  onProgress?: (step: UploadStep) => void;
  /** The plan as just read from Segment (for the diff), so it need not be read again. */
  remote?: RemotePlan;
}

/** How an upload went, in what only the API knows (the counts of the sheet's plan are added by the caller). */
export interface ApiUpload {
  api: ApiKind;
  planId: string;
  workspaceSlug: string;
  /** Events (Config API) or rules (Public API) Segment holds after the upload. */
  remoteCount: number;
  /** How Segment's copy differs from what was sent, one line each; empty when it matches. */
  differences: string[];
  requests: number;
  /** The run stopped before a batch to stay inside the time limit; running again finishes it. */
  stoppedEarly: null | { batchesDone: number; batchesTotal: number };
  /** Nothing differed, so nothing was written. */
  unchanged: boolean;
  appUrl: string | null;
  /** What Segment holds now, and its update time: the state to remember as the last sync. */
  after: RuleSet;
  updatedAt: string | null;
}

export interface PlanApi {
  /** "Config API", "Public API". */
  readonly label: string;
  /** What Segment's copy of a plan is counted in. */
  readonly unit: 'event' | 'rule';
  /** Whether the API names a plan within a workspace (its slug is then required). */
  readonly needsWorkspace: boolean;
  /** Whether an upload's request count says anything to the analyst (several batched requests). */
  readonly countsRequests: boolean;
  ruleSet(plan: TrackingPlan): RuleSet;
  /** What Preview rules JSON shows and the CLI's build prints: the body an upload sends. */
  requestBody(plan: TrackingPlan, displayName: string): unknown;
  /** How the body is sent, for a person: `PUT …/tracking-plans/rs_123`. */
  requestLine(planId: string): string;
  /** A rule set as Public API rules: the one form diffs, imports and fingerprints work on. */
  publicRules(ruleSet: RuleSet): PublicRule[];
  /** Rules (or events and rule blocks) a rule set holds. */
  ruleCount(ruleSet: RuleSet): number;
  /** What in a plan this API cannot take, at its cells. */
  planProblems(plan: TrackingPlan, cells: PlanCells): Problem[];
  target(settings: TargetSettings): UploadTarget;
  /** This API's base URL on a server that answers both (the local emulator). */
  baseUrlOn(origin: string): string;
  /** `tracking plan rs_123 in workspace "acme"`. */
  describeTarget(target: UploadTarget): string;
  read(http: HttpClient, target: UploadTarget, retry: RetryOptions): Promise<RemotePlan>;
  upload(http: HttpClient, target: UploadTarget, ruleSet: RuleSet, retry: RetryOptions, options: UploadOptions): Promise<ApiUpload>;
}
