/** The dialog after an upload (Send, Restore): what was sent, and Segment's copy as read back. */
import { describeUpload, reportTarget } from '../segment/report-text';
import type { UploadReport } from '../segment/upload';
import { escapeHtml } from './html';
import { showDialog } from './ui';

export function showUploadReport(report: UploadReport): void {
  const text = describeUpload(report);
  const link = report.appUrl ? `<p><a href="${escapeHtml(report.appUrl)}">Open the plan in Segment</a></p>` : '';
  if (report.stoppedEarly?.batchesDone === 0) {
    showDialog(
      'Segment: nothing sent',
      `<p class="warning">Nothing was sent to ${escapeHtml(reportTarget(report))}: too little of Apps Script's 6-minute limit was left for the upload to finish.</p>` +
        `<p><b>Run Send to Segment again</b>.</p>${link}`,
      520,
      200,
    );
    return;
  }
  if (text.stopped) {
    showDialog('Segment: upload not finished', `<p class="warning">${escapeHtml(text.stopped)}</p>${link}`, 520, 240);
    return;
  }
  const listed = text.differences
    .slice(0, 20)
    .map((d) => `<li>${escapeHtml(d)}</li>`)
    .join('');
  const check =
    text.differences.length > 0
      ? `<p class="error">${escapeHtml(text.readBack)}</p><ul>${listed}</ul>${text.differences.length > 20 ? '<p>…</p>' : ''}<p>Send again, or check the plan in Segment.</p>`
      : `<p>${escapeHtml(text.readBack)}</p>`;
  showDialog('Sent to Segment', `<p>${escapeHtml(text.headline)}</p>${check}${link}`, 520, 260);
}
