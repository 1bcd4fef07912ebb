/** push: validate, compare with Segment, back up what is there, then upload the plan as the add-on does. */
import { PartialUploadError } from '../segment/errors';
import { diffSummary } from '../segment/diff';
import { sheetRuleSet } from '../segment/remote-plan';
import { sendWithReview } from '../segment/send-plans';
import { changelogMarkdownHead, changelogMarkdownRow, changelogResult } from '../segment/changelog';
import { describeUpload } from '../segment/report-text';
import type { Review } from '../segment/send';
import { promises as fs } from 'fs';
import type { ImporterSettings } from '../plan/settings';
import type { UploadTarget } from '../segment/target';
import { apiErrorExit, CliIo, EXIT, flag, nodeRetry, ParsedArgs, plansAndTargets, SelectedPlan, singleFile } from './context';
import { fetchClient } from './fetch-client';
import { BackupNotWritten, describeReport, safeMessage, writeBackup } from './remote';
import { readSync, writeSync } from './sync-file';

export async function pushCommand(given: ParsedArgs, io: CliIo): Promise<number> {
  const args = given.flags.create === true ? await (await import('./plans')).createForPush(given, io) : given;
  if (typeof args === 'number') return args;
  const prepared = await plansAndTargets(args, io, 'Nothing was sent.');
  if (typeof prepared === 'number') return prepared;
  const { plans, merged } = prepared;
  const sent: string[] = [];
  const named = (p: PushedPlan) => `${p.label} (${p.settings.trackingPlanId})`;
  for (const [i, one] of plans.entries()) {
    if (one.label) io.stdout(`Plan for ${one.label}: ${one.settings.trackingPlanId}\n`);
    const status = await pushOne(one, merged, args, io);
    if (status !== EXIT.ok) {
      // Each plan is sent on its own: the analyst must know which ones now hold the sheet.
      if (plans.length > 1) io.stderr(`Sent: ${sent.join(', ') || 'none'}. Not sent: ${plans.slice(i).map(named).join(', ')}.\n`);
      return status;
    }
    sent.push(named(one));
  }
  return EXIT.ok;
}

type PushedPlan = SelectedPlan & { target: UploadTarget };

async function pushOne({ plan, target }: PushedPlan, merged: ImporterSettings, args: ParsedArgs, io: CliIo): Promise<number> {
  const yes = args.flags.yes === true;
  if (plan.events.length === 0 && !yes) {
    io.stderr(
      'error: the plan has no events, so pushing it would empty the plan in Segment. Nothing was sent; pass --yes if you mean it.\n',
    );
    return EXIT.usage;
  }
  const backupDir = flag(args, 'backup-dir') ?? 'backups';
  let backupFile = '';
  let refused = false;
  const log = changelog(flag(args, 'changelog'), io);
  try {
    const outcome = await sendWithReview(fetchClient(), target, sheetRuleSet(plan, target.api), nodeRetry(io), {
      // The sync record beside the workbook: what pull --merge takes Segment's edits against.
      lastSync: (key) => readSync(singleFile(args), key),
      confirm: (seen) => {
        log.seen = seen;
        if (seen.editedInSegment?.edits)
          io.stdout(`Edited in Segment since the last push or merge (pushing overwrites it): ${diffSummary(seen.editedInSegment.edits)}\n`);
        if (seen.changedWhileAsked)
          io.stdout(`The plan changed in Segment meanwhile (${diffSummary(seen.changedWhileAsked)}); compared again.\n`);
        io.stdout(`Compared with Segment: ${diffSummary(seen.diff)}\n`);
        for (const removal of seen.diff.removals) io.stdout(`  removes ${removal}\n`);
        const removals = seen.diff.removals.length;
        if (removals === 0 || yes) return true;
        // Removing from Segment is asked for: on a terminal, a question; without one, --yes.
        if (!io.ask) {
          refused = true;
          return false;
        }
        return io.ask(`Remove ${removals} ${removals === 1 ? 'thing' : 'things'} from Segment, as listed above? [y/N] `);
      },
      backup: async (remote) => {
        const time = new Date(io.now?.() ?? Date.now());
        backupFile = await writeBackup(backupDir, remote, time);
        log.backupTime = time.toISOString();
        io.stdout(`Backed up Segment's plan to ${backupFile}\n`);
      },
      recordSync: (key, record) => writeSync(singleFile(args), key, record),
      now: () => new Date().toISOString(),
    });
    if (outcome.kind === 'cancelled') {
      if (refused) {
        io.stderr(
          'error: this push removes from Segment what is listed above, and there is no terminal to ask on. Nothing was sent; pass --yes to push anyway.\n',
        );
        return EXIT.usage;
      }
      io.stdout('Nothing was sent.\n');
      return EXIT.ok;
    }
    if (outcome.kind !== 'sent') {
      io.stdout(`Segment already matches the sheet: nothing was sent to ${outcome.review.remote.planId}.\n`);
      return EXIT.ok;
    }
    await log.write(outcome.review, changelogResult({ stopped: describeUpload(outcome.report).stopped }));
    io.stdout(describeReport(outcome.report));
    return outcome.report.differences.length > 0 || outcome.report.stoppedEarly ? EXIT.api : EXIT.ok;
  } catch (e) {
    const reason = safeMessage(e instanceof Error ? e.message : String(e), merged);
    if (log.seen && log.backupTime)
      await log.write(log.seen, e instanceof PartialUploadError ? `partly sent: ${reason}` : `failed: ${reason}`);
    if (e instanceof BackupNotWritten) {
      io.stderr(`error: ${safeMessage(e.message, merged)}\n`);
      return EXIT.usage;
    }
    if (e instanceof PartialUploadError) {
      io.stderr(
        `error: ${safeMessage(e.message, merged)}\nThe plan as it was before this push is backed up in ${backupFile}. Run push again to finish.\n`,
      );
      return EXIT.api;
    }
    return apiErrorExit(e, io, merged);
  }
}

/** `--changelog FILE`: the add-on's Changelog line, as a Markdown table row (the table's head when the file is new). */
function changelog(file: string | undefined, io: CliIo) {
  const log = {
    seen: null as Review | null,
    backupTime: null as string | null,
    write: async (seen: Review, result: string): Promise<void> => {
      if (!file) return;
      const row = changelogMarkdownRow({
        time: new Date(io.now?.() ?? Date.now()).toISOString(),
        user: io.env.USER || io.env.USERNAME || 'unknown user',
        action: 'Send',
        planName: seen.remote.name || seen.remote.planId,
        planId: seen.remote.planId,
        diff: seen.diff,
        backupTime: log.backupTime,
        result,
      });
      const fresh = await fs.stat(file).then(
        (s) => s.size === 0,
        () => true,
      );
      await fs.appendFile(file, (fresh ? changelogMarkdownHead() : '') + row);
      io.stdout(`Added a line to ${file}\n`);
    },
  };
  return log;
}
