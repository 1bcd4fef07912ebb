/** diff: what push would change in Segment, read and compared without changing anything, for each plan. */
import { diffLines, diffSummary } from '../segment/diff';
import { sheetRuleSet } from '../segment/remote-plan';
import { review } from '../segment/send';
import { apiErrorExit, CliIo, EXIT, nodeRetry, ParsedArgs, plansAndTargets } from './context';
import { fetchClient } from './fetch-client';

export async function diffCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const prepared = await plansAndTargets(args, io, 'Nothing was compared.');
  if (typeof prepared === 'number') return prepared;
  const { plans, merged } = prepared;
  try {
    for (const { label, plan, target } of plans) {
      const seen = await review(fetchClient(), target, sheetRuleSet(plan, target.api), nodeRetry(io), { lastSync: () => null });
      const which = label ? `Plan for ${label}: ` : '';
      io.stdout(`${which}${seen.remote.planId} ("${seen.remote.name}") compared with ${args.positional[0]}: ${diffSummary(seen.diff)}\n`);
      if (seen.rename) io.stdout(`Renamed: "${seen.remote.name}" → "${seen.rename}"\n`);
      for (const line of diffLines(seen.diff)) io.stdout(`${line}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    return apiErrorExit(e, io, merged);
  }
}
