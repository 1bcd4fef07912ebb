/**
 * `npm start`: the add-on's main job end to end, offline. Starts the Segment API emulator, loads the built
 * add-on (dist/Code.js) into an in-memory Google Sheets holding template/tracking-plan.xlsx, runs
 * Segment > Validate plan and Segment > Send to Segment, and reads the plan back from the emulator.
 */
import * as path from 'path';
import { AddOn, Cell, loadAddOn, newWorld, useEmulator, World } from '../apps-script-fakes';
import { readWorkbook } from '../workbook/workbook';
import { startEmulatorProcess } from '../emulator/child-process';

const TOKEN = 'example-token';
const PLAN_ID = 'rs_2ExamplePlan0000000000000';
const ROOT = path.resolve(__dirname, '../..');

function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A spreadsheet holding the template, its Importer Settings naming the emulator's plan, wired to the emulator. */
async function spreadsheetFor(baseUrl: string): Promise<World> {
  const workbook = await readWorkbook(path.join(ROOT, 'template/tracking-plan.xlsx'));
  const world = newWorld();
  world.spreadsheet.addSheet('Tracking Plan', workbook.plan as Cell[][]);
  const settings = world.spreadsheet.addSheet('Importer Settings', (workbook.settings ?? []) as Cell[][]);
  const fill: Record<string, string> = { 'Personal Access Token': TOKEN, 'Workspace Slug': 'example', 'Tracking Plan ID': PLAN_ID };
  settings.values.forEach((row, i) => {
    const label = row[0];
    if (typeof label === 'string' && label in fill) settings.typeRow(i + 1, [label, fill[label] ?? '']);
  });
  useEmulator(world, baseUrl);
  line(
    `Spreadsheet: template/tracking-plan.xlsx (${workbook.plan.length} rows in Tracking Plan), Importer Settings for the emulator's plan.`,
  );
  return world;
}

/** Segment > Send to Segment, printing the question, each request (token hidden) and the dialog shown after. */
async function send(world: World, addOn: AddOn): Promise<string | undefined> {
  world.ui.onAlert = (title, message) => {
    if (title !== 'Send to Segment?') return;
    const lines = message.split('\n');
    line(`  Asked: ${lines[0] ?? ''} -> Yes`);
    const compared = lines.find((l) => l.startsWith('Compared with Segment:'));
    if (compared) line(`  ${compared}`);
  };
  line();
  line('Segment > Send to Segment');
  await addOn.sendToSegment();
  for (const call of world.fetch.calls) {
    const auth = call.headers.Authorization ? 'Authorization: Bearer [hidden]' : 'no token';
    const body = call.payload ? `, ${(call.payload.length / 1024).toFixed(1)} kB ${call.contentType} body` : '';
    const mask = call.payload
      ? ` with update_mask ${JSON.stringify((JSON.parse(call.payload) as { update_mask: { paths: string[] } }).update_mask.paths)}`
      : '';
    line(`  Request: ${call.method} ${call.url} (${auth}${body})${mask}`);
  }
  const outcome = world.ui.dialogs.at(-1);
  const shown = (outcome?.html ?? world.ui.alerts.at(-1)?.message ?? '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<\/p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  line(`  ${outcome?.title ?? 'Result'}: ${shown}`);
  return outcome?.title;
}

interface ConfigPlanBody {
  display_name: string;
  rules: {
    events: Array<{ name: string; version: number; rules: { properties?: { properties?: { properties?: object } } } }>;
    identify?: object;
    group?: object;
    global?: object;
  };
}

/** What the emulator holds afterwards, read over HTTP as anyone would. */
async function printReadBack(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/v1beta/workspaces/example/tracking-plans/${PLAN_ID}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const plan = (await response.json()) as ConfigPlanBody;
  line();
  line(`Read back from the emulator: plan "${plan.display_name}" now holds`);
  for (const event of plan.rules.events) {
    const count = Object.keys(event.rules.properties?.properties?.properties ?? {}).length;
    line(`  - ${event.name} (v${event.version}): ${count} top-level propert${count === 1 ? 'y' : 'ies'}`);
  }
  for (const key of ['identify', 'group', 'global'] as const) if (plan.rules[key]) line(`  - ${key} rules`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const emulator = await startEmulatorProcess({
    tokens: [{ token: TOKEN, workspace: 'example', access: 'write' }],
    plans: [
      { workspace: 'example', resourceSchemaId: PLAN_ID, id: 'tp_2ExamplePlan0000000000000', name: 'Example Tracking Plan', rules: [] },
    ],
  });
  try {
    line(`Segment API emulator on ${emulator.baseUrl}: workspace "example", empty plan ${PLAN_ID}.`);
    const world = await spreadsheetFor(emulator.baseUrl);
    const addOn = loadAddOn(world);
    addOn.onOpen();
    const items = world.ui.menus[0]?.items.filter((i): i is [string, string] => i !== null) ?? [];
    line(`Menu: Segment > ${items.map((i) => i[0]).join(' | ')}`);
    await addOn.validatePlan();
    line();
    line('Segment > Validate plan');
    line(`  ${(world.ui.dialogs.at(-1)?.title ?? world.spreadsheet.toasts.at(-1) ?? '').replace(/\n/g, ' ')}`);
    const outcome = await send(world, addOn);
    await printReadBack(emulator.baseUrl);
    line();
    line(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s, offline, with the same dist/Code.js that clasp pushes.`);
    if (outcome !== 'Sent to Segment') process.exitCode = 1;
  } finally {
    emulator.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
