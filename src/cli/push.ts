/** push: validate, compare with Segment, back up what is there, then upload the plan as the add-on does. */
import { PartialUploadError } from '../segment/errors';
import { diffSummary } from '../segment/diff';
import { sheetRuleSet } from '../segment/remote-plan';
import { sendWithReview } from '../segment/send';
import { apiErrorExit, CliIo, EXIT, flag, nodeRetry, ParsedArgs, planAndTarget } from './context';
import { fetchClient } from './fetch-client';
import { BackupNotWritten, describeReport, safeMessage, writeBackup } from './remote';

export async function pushCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const prepared = await planAndTarget(args, io, 'Nothing was sent.');
  if (typeof prepared === 'number') return prepared;
  const { plan, merged, target } = prepared;
  const backupDir = flag(args, 'backup-dir') ?? 'backups';
  let backupFile = '';
  try {
    const outcome = await sendWithReview(fetchClient(), target, sheetRuleSet(plan, target.api), nodeRetry(io), {
      lastSync: () => null,
      confirm: (seen) => {
        if (seen.changedWhileAsked)
          io.stdout(`The plan changed in Segment meanwhile (${diffSummary(seen.changedWhileAsked)}); compared again.\n`);
        io.stdout(`Compared with Segment: ${diffSummary(seen.diff)}\n`);
        for (const removal of seen.diff.removals) io.stdout(`  removes ${removal}\n`);
        return true;
      },
      backup: async (remote) => {
        backupFile = await writeBackup(backupDir, remote, new Date());
        io.stdout(`Backed up Segment's plan to ${backupFile}\n`);
      },
      recordSync: () => undefined,
      now: () => new Date().toISOString(),
    });
    if (outcome.kind !== 'sent') {
      io.stdout(`Segment already matches the sheet: nothing was sent to ${outcome.review.remote.planId}.\n`);
      return EXIT.ok;
    }
    io.stdout(describeReport(outcome.report));
    return outcome.report.differences.length > 0 || outcome.report.stoppedEarly ? EXIT.api : EXIT.ok;
  } catch (e) {
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
