/**
 * What a long run (Send, Import) is doing now, phase by phase: shown as a toast, and kept in document properties
 * so the sidebar, polling sidebarState(), shows it too while the run goes on in another execution.
 */
import { toast } from './spreadsheet';

export interface Progress {
  /** For example "Reading the plan in Segment…", "Uploading batch 2 of 5…". */
  phase: string;
  /** Ms since the epoch when the phase began. */
  at: number;
  /** True once the run ended (its last phase says how). */
  done: boolean;
}

const PROGRESS_KEY = 'segment.progress';

export function reportProgress(phase: string, done = false): void {
  toast(phase);
  const progress: Progress = { phase, at: Date.now(), done };
  PropertiesService.getDocumentProperties().setProperty(PROGRESS_KEY, JSON.stringify(progress));
}

/** `read`: the document properties, when the caller has them all already (one call, not one per key). */
export function currentProgress(read?: Readonly<Record<string, string>>): Progress | null {
  const text = read ? read[PROGRESS_KEY] : PropertiesService.getDocumentProperties().getProperty(PROGRESS_KEY);
  if (!text) return null;
  try {
    return JSON.parse(text) as Progress;
  } catch {
    return null;
  }
}
