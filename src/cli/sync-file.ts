/**
 * The command line's sync record: `.segment-sync.json` beside the workbook, one entry per plan (`public:tp_…`), with
 * the plan's fingerprint and rules as last pushed or merged. It is the base `pull --merge` tells Segment's edits from
 * the workbook's by, and lets push say the plan was edited in Segment since.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LastSync, SyncRecord } from '../segment/send';

export const SYNC_FILE = '.segment-sync.json';

export function syncFile(workbook: string): string {
  return path.join(path.dirname(path.resolve(workbook)), SYNC_FILE);
}

async function readAll(file: string): Promise<Record<string, SyncRecord>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, SyncRecord>) : {};
  } catch {
    // A record nobody can read is no record: the next push or merge writes a good one.
    return {};
  }
}

export async function readSync(workbook: string, planKey: string): Promise<LastSync | null> {
  const record = (await readAll(syncFile(workbook)))[planKey];
  if (!record?.state || typeof record.state.hash !== 'string' || !record.ruleSet) return null;
  return { state: record.state, ruleSet: () => record.ruleSet };
}

export async function writeSync(workbook: string, planKey: string, record: SyncRecord): Promise<void> {
  const file = syncFile(workbook);
  const all = await readAll(file);
  all[planKey] = record;
  await fs.writeFile(file, `${JSON.stringify(all, null, 2)}\n`);
}
