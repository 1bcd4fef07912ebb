/** Segment > Open sidebar: the plan at a glance, its problems by event, and the commands, open while the analyst works. */
import { ensureChangeTrigger } from './change-trigger';
import { guarded, safe } from './context';
import { computeSidebarState, SidebarState } from './sidebar-state';
import { showSidebarPage } from './ui';
import { errorMessage } from './error-message';

/** How often the page asks sidebarState(), start to start: an edit shows within this plus one answer. */
export const SIDEBAR_POLL_MS = 2000;

export function openSidebar(): Promise<void> {
  return guarded('Open sidebar', () => {
    // The sidebar follows edits: the edits it follows are cheap once the onChange trigger is there.
    ensureChangeTrigger();
    showSidebarPage('sidebar', 'Segment', { pollMs: SIDEBAR_POLL_MS });
  });
}

/**
 * Called by the sidebar every two seconds, with the revision it shows. Reads no sheet unless the plan's revision
 * moved since the last state was computed; a failure reaches the page's failure handler, with no token in it.
 */
export function sidebarState(shownRevision?: string): SidebarState {
  try {
    return computeSidebarState(typeof shownRevision === 'string' ? shownRevision : undefined);
  } catch (e) {
    throw new Error(safe(errorMessage(e)));
  }
}
