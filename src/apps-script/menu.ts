import { getUi } from './spreadsheet';

/** The Segment menu: caption and the global function Apps Script calls for it. */
// The everyday items first; Send to Segment, which overwrites the plan in Segment, last and apart.
const MENU_ITEMS: ReadonlyArray<readonly [string, string] | null> = [
  ['Open sidebar', 'openSidebar'],
  ['Validate plan', 'validatePlan'],
  ['Preview rules JSON', 'previewRules'],
  ['Compare with Segment', 'compareWithSegment'],
  ['Check an event…', 'showEventCheck'],
  null,
  ['Import from Segment', 'importFromSegment'],
  ['Restore a backup…', 'showBackups'],
  null,
  ['Set up sheets', 'setUpSheets'],
  ['Store token privately…', 'storeTokenPrivately'],
  ['Help', 'showHelp'],
  null,
  ['Send to Segment', 'sendToSegment'],
];

/** Only builds the menu: it runs before the user authorises anything. */
export function onOpen(): void {
  const menu = getUi().createMenu('Segment');
  for (const item of MENU_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function onInstall(): void {
  onOpen();
}
