import { ensureChangeTrigger } from './change-trigger';
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
  ['Take edits from Segment…', 'takeEditsFromSegment'],
  ['Restore a backup…', 'showBackups'],
  null,
  ['Set up sheets', 'setUpSheets'],
  ['Choose a plan…', 'showPlanChooser'],
  ['Store token privately…', 'storeTokenPrivately'],
  ['Test connection', 'testSegmentConnection'],
  ['Help', 'showHelp'],
  null,
  ['Send to Segment', 'sendToSegment'],
];

/**
 * Only builds the menu: it runs before the user authorises anything. As an editor add-on, onOpen runs in
 * AuthMode.NONE in a document where the add-on is not yet enabled (no properties, no sheet data), and its menu goes
 * under Extensions; a script bound to the spreadsheet keeps its own top-level menu.
 */
export function onOpen(e?: { authMode?: GoogleAppsScript.Script.AuthMode }): void {
  const ui = getUi();
  const menu = installedAsAddOn(e) ? ui.createAddonMenu() : ui.createMenu('Segment');
  for (const item of MENU_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function onInstall(e?: { authMode?: GoogleAppsScript.Script.AuthMode }): void {
  onOpen(e);
  // Installing runs with full authorisation, which onOpen and onEdit never have.
  ensureChangeTrigger();
}

/** AuthMode.NONE happens only to add-ons; otherwise Apps Script says how the script was installed. */
function installedAsAddOn(e?: { authMode?: GoogleAppsScript.Script.AuthMode }): boolean {
  if (e?.authMode === ScriptApp.AuthMode.NONE) return true;
  try {
    return ScriptApp.getInstallationSource() !== ScriptApp.InstallationSource.NONE;
  } catch {
    return false;
  }
}
