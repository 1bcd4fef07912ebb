/** The data each dialog page (src/apps-script/html) is opened with: the page's script reads exactly this. */
import type { Problem } from '../plan/problems';
import type { RuleChange } from '../segment/diff';
import type { ListedBackup } from './records';

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
    edited: null | { title: string; lines: string[] };
    /** The button that acts on the diff: the global function google.script.run calls, and its arguments. */
    confirm: null | { label: string; call: string; args: string[] };
  };
  backups: { backups: ListedBackup[] };
  check: { maxChars: number };
  /** Whether this user has a token stored already (never the token itself). */
  token: { stored: boolean };
}

export type PageName = keyof PageData;
