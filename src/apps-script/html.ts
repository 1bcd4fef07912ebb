import BASE_CSS from './html/base.css';

/** Text for HTML content and double-quoted attributes (the only kind the dialogs write). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

const STYLE = `<style>${BASE_CSS}th{position:sticky;top:0}.cell{font-family:monospace;white-space:nowrap}</style>`;

/** A dialog page: the add-on's style and the given body. */
export function page(body: string): string {
  return `<!DOCTYPE html><html><head><base target="_blank">${STYLE}</head><body>${body}</body></html>`;
}
