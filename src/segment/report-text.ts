/**
 * An upload report in words, the same for the add-on (which sets them in a dialog) and the command line (which
 * prints them): one phrasing, written once.
 */
import { planApi, UploadStep } from './plan-api';
import type { UploadReport } from './upload';

export interface ReportText {
  /** What was sent where: `Uploaded 4 events (28 properties) and the identify rules to tracking plan rs_x in workspace "acme".` */
  headline: string;
  /** The run stopped before the end to stay inside the time limit. */
  stopped: string | null;
  /** Segment's copy as read back: matching the sheet, or how it differs. */
  readBack: string;
  differences: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The plan a report is about: `tracking plan tp_x in workspace "acme"`. */
export function reportTarget(report: Pick<UploadReport, 'planId' | 'workspaceSlug'>): string {
  return `tracking plan ${report.planId}${report.workspaceSlug ? ` in workspace "${report.workspaceSlug}"` : ''}`;
}

export function describeUpload(report: UploadReport): ReportText {
  const api = planApi(report.api);
  const others = report.otherRules.length > 0 ? ` and the ${report.otherRules.join(', ')} rules` : '';
  const where = reportTarget(report);
  const requests = api.countsRequests ? ` (${plural(report.requests, 'request')})` : '';
  const sent = `${plural(report.events, 'event')} (${plural(report.properties, 'property', 'properties')})${others}`;
  const headline = report.unchanged
    ? `Segment already matched the sheet: nothing needed changing for ${sent} in ${where}${requests}.`
    : `Uploaded ${sent} to ${where}${requests}.`;
  const stopped = report.stoppedEarly
    ? `Stopped after ${report.stoppedEarly.batchesDone} of ${report.stoppedEarly.batchesTotal} batches to stay inside the time limit: every rule of the plan is either as it was or as in the sheet, none was lost. Run the upload again to finish.`
    : null;
  const readBack =
    report.differences.length > 0
      ? `Segment's copy differs from the sheet in ${plural(report.differences.length, 'place')}:`
      : `Read back: Segment now holds ${plural(report.remoteCount, api.unit)} in this plan, matching the sheet.`;
  return { headline, stopped, readBack, differences: report.differences };
}

/** A time as the add-on and the CLI show it: `2026-01-01 12:00 UTC`. */
export function utcTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** What a send is doing now, in the words the add-on's toasts and sidebar show. */
export function stepText(step: UploadStep): string {
  switch (step.step) {
    case 'reading':
      return 'Reading the plan in Segment…';
    case 'rereading':
      return 'Reading the plan in Segment again, in case it changed while you were asked…';
    case 'backing up':
      return 'Backing up the plan in Segment (Segment > Restore a backup… puts it back)…';
    case 'batch':
      return step.batches === 1 ? 'Uploading the plan…' : `Uploading batch ${step.batch} of ${step.batches}…`;
    case 'reading back':
      return 'Reading the plan back from Segment to check it…';
  }
}
