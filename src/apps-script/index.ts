// Every function Apps Script calls by name: triggers, menu items and google.script.run targets.
// The build turns each export into a top-level function in dist/Code.js.
export { onOpen, onInstall } from './menu';
export { validatePlan, previewRules, setUpSheets, showHelp, goToCell } from './sheet-commands';
export { sendToSegment } from './send-command';
export { storeTokenPrivately, storePrivateToken, removePrivateToken } from './token-commands';
export { importFromSegment, compareWithSegment, showBackups, reviewRestore, restoreBackup } from './segment-commands';
export { showEventCheck, checkEvents } from './event-check';
export { addToPlan } from './add-to-plan';
export { takeEditsFromSegment, takeSegmentEdits } from './take-command';
export { showPlanChooser, choosePlan, testSegmentConnection } from './plan-commands';
export { openSidebar, sidebarState } from './sidebar';
export { onEdit } from './live-validation';
export { onPlanChange } from './change-trigger';
