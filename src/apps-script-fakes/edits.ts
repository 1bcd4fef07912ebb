/**
 * The analyst at the keyboard: typing or pasting into a sheet, which Sheets follows with the simple trigger
 * onEdit(e) in AuthMode.LIMITED, and opening the spreadsheet, which runs onOpen(e).
 */
import { Cell, parseA1 } from './cells';
import type { EditEvent } from './triggers';
import { AUTH_MODE, AuthModeName } from './triggers';
import { AddOn, counted, World } from './world';

/** Runs a trigger function in the given authorisation mode, as its own execution. */
async function asTrigger(world: World, mode: AuthModeName, run: () => unknown): Promise<void> {
  const before = world.trigger.authMode;
  world.trigger.authMode = mode;
  try {
    await run();
  } finally {
    world.trigger.authMode = before;
  }
}

/**
 * Writes `values` at `a1` (its top-left cell) as the analyst types or pastes them, then runs the script's onEdit
 * with the event Sheets builds: `value` and `oldValue` only for one cell (each omitted when empty).
 */
export async function editCells(world: World, addOn: AddOn, sheetName: string, a1: string, values: readonly Cell[][]): Promise<EditEvent> {
  const sheet = world.spreadsheet.sheet(sheetName);
  const [row, column] = parseA1(a1);
  const rows = values.length;
  const columns = Math.max(1, ...values.map((r) => r.length));
  const range = sheet.getRange(row, column, rows, columns);
  const old = range.getValues()[0][0];
  values.forEach((r, i) => r.forEach((v, j) => sheet.cells.set(row - 1 + i, column - 1 + j, v)));
  const one = rows === 1 && columns === 1;
  const event: EditEvent = {
    authMode: AUTH_MODE.LIMITED,
    range: counted(range, 'Range', world.serviceCalls),
    source: counted(world.spreadsheet, 'Spreadsheet', world.serviceCalls),
    user: { getEmail: () => '' },
    triggerUid: '',
    ...(one && values[0][0] !== '' ? { value: values[0][0] } : {}),
    ...(one && old !== '' ? { oldValue: old } : {}),
  };
  world.spreadsheet.cellsRead = 0;
  world.serviceCalls.length = 0;
  const onEdit = addOn.onEdit;
  if (onEdit) await asTrigger(world, 'LIMITED', () => onEdit(event));
  // Sheets runs the installed onChange triggers for an edit too, as changes of type EDIT.
  await runChangeTriggers(world, addOn, 'EDIT');
  return event;
}

export type ChangeType = 'INSERT_ROW' | 'REMOVE_ROW' | 'INSERT_COLUMN' | 'REMOVE_COLUMN' | 'INSERT_GRID' | 'REMOVE_GRID' | 'OTHER';

/**
 * The analyst changes the sheet's structure (inserts, deletes, moves or sorts rows or columns): Sheets runs no
 * onEdit for that, only the installable onChange triggers the script created, each as its own FULL execution.
 */
export async function changeStructure(world: World, addOn: AddOn, changeType: ChangeType, change: () => void): Promise<void> {
  change();
  await runChangeTriggers(world, addOn, changeType);
}

/** Each installed onChange trigger, as its own FULL execution. */
async function runChangeTriggers(world: World, addOn: AddOn, changeType: ChangeType | 'EDIT'): Promise<void> {
  for (const installed of world.trigger.installed) {
    const handler = addOn[installed.handler];
    const event = {
      authMode: AUTH_MODE.FULL,
      changeType,
      source: counted(world.spreadsheet, 'Spreadsheet', world.serviceCalls),
      triggerUid: installed.uid,
      user: { getEmail: () => 'analyst@example.com' },
    };
    if (handler) await asTrigger(world, 'FULL', () => handler(event));
  }
}

/** Types one value into one cell: `editCells` with a 1x1 range. */
export function typeInto(world: World, addOn: AddOn, sheetName: string, a1: string, value: Cell): Promise<EditEvent> {
  return editCells(world, addOn, sheetName, a1, [[value]]);
}

/**
 * Opens the spreadsheet: onOpen(e) in LIMITED mode for a bound script or an add-on enabled in this document, NONE
 * for an add-on installed but not yet used here.
 */
export function openSpreadsheet(world: World, addOn: AddOn, mode: AuthModeName = 'LIMITED'): Promise<void> {
  const event = { authMode: AUTH_MODE[mode], source: counted(world.spreadsheet, 'Spreadsheet', world.serviceCalls) };
  return asTrigger(world, mode, () => addOn.onOpen(event));
}
