/** pull: a plan from Segment, written in our sheet layout (.xlsx or .csv). */
import { apiErrorExit, CliIo, EXIT, flag, nodeRetry, ParsedArgs, settingFlags, UsageError } from './context';
import { planKey, syncState } from '../segment/send';
import { fetchClient } from './fetch-client';
import { writeSync } from './sync-file';
import { mergeSettings, pullPlan, targetOrMessages, trustedBaseUrl, writePulled } from './remote';

export async function pullCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const merge = flag(args, 'merge');
  if (merge !== undefined) return (await import('./merge')).mergeCommand(merge, args, io);
  const out = flag(args, 'out');
  if (!out || !/\.(xlsx|csv)$/i.test(out)) throw new UsageError('pull needs --out FILE.xlsx or --out FILE.csv');
  if (args.positional.length > 0) throw new UsageError('pull takes no file argument; name the plan with --plan');
  const merged = mergeSettings(null, settingFlags(args), io.env);
  trustedBaseUrl('', flag(args, 'base-url'));
  const { target, messages } = targetOrMessages(merged);
  if (!target) {
    io.stderr(`${messages.map((m) => `error: ${m}`).join('\n')}\n`);
    return EXIT.usage;
  }
  try {
    const pulled = await pullPlan(fetchClient(), target, nodeRetry(io));
    await writePulled(out, pulled, merged);
    // The file now holds Segment's plan: the base a later pull --merge takes Segment's edits against.
    const { remote } = pulled;
    await writeSync(out, planKey(remote), {
      state: syncState(remote.ruleSet, remote.updatedAt, new Date().toISOString()),
      ruleSet: remote.ruleSet,
    });
    for (const member of pulled.notKept) io.stderr(`warning: not kept, a sheet cannot hold a JSON null: ${member}\n`);
    const events = pulled.rows.length - 1;
    io.stdout(`Wrote ${out}: plan ${pulled.planId} ("${pulled.displayName}"), ${events} rows.\n`);
    return EXIT.ok;
  } catch (e) {
    return apiErrorExit(e, io, merged);
  }
}
