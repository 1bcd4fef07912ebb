/**
 * pull --merge FILE: Take edits from Segment on a workbook. Each rule compared three ways with the last push or
 * merge (the sync record beside the workbook) for the base; Segment's own changes taken into the plan tab in place,
 * conflicts listed and settled all one way with --take segment|sheet, or nothing written.
 */
import { ownColumns } from '../plan/settings';
import { hasErrors } from '../plan/problems';
import { normalizedRules, publicRulesHash, readRemotePlan, sheetRuleSet } from '../segment/remote-plan';
import { planKey, syncState } from '../segment/send';
import { rewriteGrid, takenRules } from '../segment/take-edits';
import { RuleEdit, threeWay } from '../segment/three-way';
import { rewritePlanRows } from '../workbook/workbook';
import { apiErrorExit, CliIo, EXIT, flag, loadPlan, nodeRetry, ParsedArgs, printProblems, selectPlans, tally, UsageError } from './context';
import { fetchClient } from './fetch-client';
import { targetOrMessages, trustedBaseUrl } from './remote';
import { readSync, syncFile, writeSync } from './sync-file';

function printEdits(edits: readonly RuleEdit[], io: CliIo): void {
  const sections: [string, RuleEdit['kind']][] = [
    ['Changed only in Segment (taken)', 'segment'],
    ['Changed only in the workbook (kept; push sends them)', 'sheet'],
    ['Changed in both (conflicts)', 'conflict'],
  ];
  for (const [title, kind] of sections) {
    const some = edits.filter((e) => e.kind === kind);
    if (some.length === 0) continue;
    io.stdout(`${title}:\n`);
    for (const e of some) {
      if (kind !== 'conflict') io.stdout(`  ${e.rule}: ${(kind === 'segment' ? e.segment : e.sheet).join('; ')}\n`);
      else
        io.stdout(
          `  ${e.rule}\n    in Segment: ${e.segment.join('; ') || 'unchanged'}\n    in the workbook: ${e.sheet.join('; ') || 'unchanged'}\n`,
        );
    }
  }
}

export async function mergeCommand(file: string, args: ParsedArgs, io: CliIo): Promise<number> {
  const take = flag(args, 'take');
  if (take !== undefined && take !== 'segment' && take !== 'sheet') throw new UsageError('--take is segment or sheet');
  if (!/\.(xlsx|csv)$/i.test(file)) throw new UsageError('pull --merge needs an .xlsx or .csv file');
  const loaded = await loadPlan(file, args, io.env);
  printProblems(loaded.problems, io.stderr);
  if (hasErrors(loaded.problems)) {
    io.stderr(`${tally(loaded.problems)}: nothing was merged.\n`);
    return EXIT.invalid;
  }
  const [one, ...more] = selectPlans(args, loaded);
  if (!one || more.length > 0 || one.label)
    throw new UsageError(
      'pull --merge works on a workbook with one plan; this one names a plan per source (Plan for rows). Nothing was merged.',
    );
  trustedBaseUrl(loaded.settings?.settings.apiBaseUrl ?? '', flag(args, 'base-url'));
  const { target, messages } = targetOrMessages(one.settings);
  if (!target) {
    io.stderr(`${messages.map((m) => `error: ${m}`).join('\n')}\n`);
    return EXIT.usage;
  }
  try {
    const remote = await readRemotePlan(fetchClient(), target, nodeRetry(io));
    const last = await readSync(file, planKey(remote));
    const synced = last ? await last.ruleSet() : null;
    if (!synced) {
      io.stderr(
        `error: ${syncFile(file)} has no sync of plan ${remote.planId} (push writes it, and pull --merge keeps it): without it, Segment's edits cannot be told from the workbook's. Nothing was written.\n`,
      );
      return EXIT.usage;
    }
    const remoteRules = normalizedRules(remote.ruleSet);
    const edits = threeWay(normalizedRules(synced), remoteRules, normalizedRules(sheetRuleSet(one.plan, target.api)));
    printEdits(edits, io);
    const conflicts = edits.filter((e) => e.kind === 'conflict');
    if (conflicts.length > 0 && !take) {
      io.stderr(
        `error: ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} (listed above): pass --take segment or --take sheet to settle them all one way. Nothing was written.\n`,
      );
      return EXIT.invalid;
    }
    const taken = edits.filter((e) => e.kind === 'segment' || (e.kind === 'conflict' && take === 'segment'));
    if (taken.length > 0) {
      const rewrite = rewriteGrid(loaded.workbook.plan, takenRules(taken, remoteRules), ownColumns(loaded.merged));
      if ('error' in rewrite) {
        io.stderr(`error: ${rewrite.error}. Nothing was written.\n`);
        return EXIT.invalid;
      }
      await rewritePlanRows(file, loaded.workbook, rewrite.start, rewrite.rows);
    }
    await writeSync(file, planKey(remote), {
      state: syncState(remote.ruleSet, remote.updatedAt, new Date().toISOString(), publicRulesHash(remoteRules)),
      ruleSet: remote.ruleSet,
    });
    const kept = take === 'sheet' ? conflicts.length : 0;
    io.stdout(
      `${taken.length > 0 ? `Took ${taken.length} edit${taken.length === 1 ? '' : 's'} from Segment into ${file}: ${taken.map((e) => e.rule).join(', ')}.` : `Nothing to take from Segment into ${file}.`}` +
        `${kept > 0 ? ` Kept the workbook's side of ${conflicts.map((e) => e.rule).join(', ')}.` : ''}\n`,
    );
    return EXIT.ok;
  } catch (e) {
    return apiErrorExit(e, io, loaded.merged);
  }
}
