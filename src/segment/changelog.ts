/**
 * The Changelog: one line per Send, Restore and Take, readable by anyone (unlike the gzipped backups). The add-on
 * writes it as a row of the Changelog sheet, the CLI as a Markdown table row; the words are built here, once.
 */
import { PlanDiff, PROPERTY_NAMES_SHOWN } from './diff';

export const CHANGELOG_SHEET = 'Changelog';
export const CHANGELOG_HEADER = ['Time (UTC)', 'User', 'Action', 'Plan', 'Plan ID', 'What changed', 'Backup replaced', 'Result'];

/** Sheets' limit for one cell. */
export const MAX_CHANGELOG_CELL = 50_000;

export type ChangelogAction = 'Send' | 'Restore' | 'Take';

export interface ChangelogEntry {
  /** ISO time. */
  time: string;
  user: string;
  action: ChangelogAction;
  planName: string;
  planId: string;
  diff: PlanDiff;
  /** ISO time of the backup taken of the plan this replaced, or null when none was taken (a failure before it). */
  backupTime: string | null;
  /** `sent`, `partly sent: …`, `failed: …`. */
  result: string;
  /** Said before the changes: `Restored the backup of 2026-01-01 12:00:00.` */
  note?: string;
}

/** A time as Restore a backup… lists it: `2026-01-01 12:00:00`. */
export function listedTime(iso: string): string {
  return iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')
    .replace(/Z$/, '');
}

/** A piece of the summary: fixed words, or a name that may be left out when the text is too long. */
type Piece = { text: string; name: boolean };

function pieces(diff: PlanDiff): Piece[] {
  const out: Piece[] = [];
  const words = (text: string) => out.push({ text, name: false });
  const list = (names: readonly string[]) =>
    names.forEach((n, i) => {
      if (i > 0) words(', ');
      out.push({ text: n, name: true });
    });
  const sections: Array<[string, PlanDiff['added']]> = [
    ['added', diff.added],
    ['removed', diff.removed],
    ['changed', diff.changed],
  ];
  const events = sections.filter(([, changes]) => changes.length > 0);
  if (events.length === 0) words('Nothing changed.');
  events.forEach(([title, changes], i) => {
    words(`${i === 0 ? 'Events' : ';'} ${title} (${changes.length}): `);
    list(changes.map((c) => c.rule));
  });
  const p = diff.properties;
  const names = diff.propertyNames;
  const counted = (count: number, title: 'added' | 'removed' | 'changed') => {
    const shown = (names?.[title] ?? []).slice(0, PROPERTY_NAMES_SHOWN);
    if (count === 0 || shown.length === 0) return `${count} ${title}`;
    return `${count} ${title} (${shown.join(', ')}${count > shown.length ? ', …' : ''})`;
  };
  if (p.added + p.removed + p.changed > 0) {
    words(`. Properties: ${counted(p.added, 'added')}, ${counted(p.removed, 'removed')}, ${counted(p.changed, 'changed')}.`);
  } else if (events.length > 0) words('.');
  return out;
}

/**
 * What changed, in words: events and versions by name, properties as counts with the first names. At most `max`
 * characters: a longer text ends with `… and N more` (N names left out).
 */
export function changeSummary(diff: PlanDiff, max = MAX_CHANGELOG_CELL): string {
  const all = pieces(diff);
  const full = all.map((x) => x.text).join('');
  if (full.length <= max) return full;
  const total = all.filter((x) => x.name).length;
  // The longest prefix ending with a whole name that leaves room for the ending.
  let text = '';
  let shown = 0;
  let best = { text: '', shown: 0 };
  for (const piece of all) {
    text += piece.text;
    if (!piece.name) continue;
    shown++;
    if (text.length + ending(total - shown).length > max) break;
    best = { text, shown };
  }
  return best.text + ending(total - best.shown);
}

const ending = (n: number) => ` … and ${n} more`;

/** The row of the Changelog sheet, in CHANGELOG_HEADER's order. */
export function changelogCells(entry: ChangelogEntry): string[] {
  const note = entry.note ? `${entry.note} ` : '';
  return [
    listedTime(entry.time),
    entry.user,
    entry.action,
    entry.planName,
    entry.planId,
    note + changeSummary(entry.diff, MAX_CHANGELOG_CELL - note.length),
    entry.backupTime ? listedTime(entry.backupTime) : '',
    entry.result.length > MAX_CHANGELOG_CELL ? `${entry.result.slice(0, MAX_CHANGELOG_CELL - 1)}…` : entry.result,
  ];
}

/** The Markdown table's head, written when the file is new. */
export function changelogMarkdownHead(): string {
  return `| ${CHANGELOG_HEADER.join(' | ')} |\n|${CHANGELOG_HEADER.map(() => '---|').join('')}\n`;
}

/** The same entry as one Markdown table row (pipes and line breaks escaped, so one entry stays one row). */
export function changelogMarkdownRow(entry: ChangelogEntry): string {
  const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return `| ${changelogCells(entry).map(cell).join(' | ')} |\n`;
}

/** The result cell of an upload: sent, partly sent (with why), or failed (with why). */
export function changelogResult(outcome: { stopped: string | null } | { failed: string }): string {
  if ('failed' in outcome) return `failed: ${outcome.failed}`;
  return outcome.stopped ? `partly sent: ${outcome.stopped}` : 'sent';
}
