export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `<style>
body{font-family:Roboto,Arial,sans-serif;font-size:13px;color:#202124;margin:0 4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid #e0e0e0}
th{position:sticky;top:0;background:#f8f9fa}.error{color:#c5221f;font-weight:bold}.warning{color:#b06000}
.cell{font-family:monospace;white-space:nowrap}pre{white-space:pre-wrap;word-break:break-all;font-size:12px}
</style>`;

/** A dialog page: the add-on's style and the given body. */
export function page(body: string): string {
  return `<!DOCTYPE html><html><head><base target="_blank">${STYLE}</head><body>${body}</body></html>`;
}
