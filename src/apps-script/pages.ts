/** The data each dialog page (src/apps-script/html) is opened with: the page's script reads exactly this. */
import type { Problem } from '../plan/problems';
import type { RuleChange } from '../segment/diff';
import type { CallResult } from '../events/check-calls';
import type { UnreadableCall } from '../events/read-calls';
import type { NotInPlanEntry } from '../events/not-in-plan';
import type { ListedBackup } from './records';
import type { ListedPlan } from '../segment/plan-directory';

export interface PageData {
  problems: {
    headline: string;
    /** Totals over every problem; the list holds at most the first 300. */
    total: number;
    errors: number;
    warnings: number;
    problems: Problem[];
  };
  diff: {
    summary: string;
    same: boolean;
    removals: string[];
    added: RuleChange[];
    removed: RuleChange[];
    changed: RuleChange[];
    /** `take`: a button opens Take edits from Segment… (a Compare; a restore's review has none). */
    edited: null | { title: string; lines: string[]; take: boolean };
    /** The button that acts on the diff: the global function google.script.run calls, and its arguments. */
    confirm: null | { label: string; call: string; args: string[] };
  };
  backups: { backups: ListedBackup[] };
  /** Take edits from Segment…: Segment's own changes, the sheet's, and the conflicts side by side. */
  take: TakePage;
  check: {
    maxChars: number;
    /** The user's last paste, kept across openings, and its results against the plan as it is now. */
    saved: string;
    answer: EventCheckAnswer | null;
  };
  /** Choose a plan…: the plans the token sees, through which API, and the id Importer Settings holds now. */
  plans: { api: string; current: string; plans: ListedPlan[]; sources: Array<{ source: string; id: string }> };
  /** Whether this user has a token stored already (never the token itself). */
  token: { stored: boolean };
  /** The page asks sidebarState() itself; this is how often, start to start. */
  sidebar: { pollMs: number };
}

export type PageName = keyof PageData;

/** What the dialog lists: each change with its lines, the conflicts side by side, and the plan as it was seen. */
export interface TakePage {
  since: string;
  segment: { rule: string; lines: string[] }[];
  sheet: { rule: string; lines: string[] }[];
  conflicts: { id: string; rule: string; segment: string[]; sheet: string[] }[];
  /** Segment's plan as listed: taking refuses if it changed since. */
  seen: string;
}

/**
 * What the dialog shows for one check: results with the cell of each violation's row, or why nothing was checked.
 * `details` says, after each violation's sentence, what was expected and what came when the sentence does not;
 * `unplanned` lists the properties the call sent that the plan does not name (information, not violations).
 */
export interface EventCheckAnswer {
  error: string | null;
  sheet: string;
  /** The first results, with at most MAX_SHOWN violations among them; the totals count them all. */
  results: (CallResult & { cells: (string | null)[]; details: string[]; unplanned: string[]; ruleCell: string | null })[];
  /** The first MAX_SHOWN unreadable lines or items. */
  unreadable: UnreadableCall[];
  totals: { calls: number; failing: number; violations: number; unreadable: number; unplanned: number };
  /** Null when the paste was kept for the next opening of the dialog, else why it was not. */
  notKept: string | null;
  /** Calls without a rule and unplanned properties, with how many calls carried each (the first MAX_SHOWN). */
  notInPlan: NotInPlanEntry[];
  /** The rows Add to plan would append for them. */
  addable: number;
}

/** What Add to plan did: a sentence, or why it wrote nothing; and the paste checked again against the plan now. */
export interface AddToPlanAnswer {
  error: string | null;
  message: string | null;
  answer: EventCheckAnswer;
}
