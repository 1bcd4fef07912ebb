import { getUi } from './spreadsheet';
import { page } from './html';
import type { PageData, PageName } from './pages';

export function alert(title: string, message: string): void {
  const ui = getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}

/** A blocking Yes/No question; true only for Yes. */
export function confirm(title: string, message: string): boolean {
  const ui = getUi();
  return ui.alert(title, message, ui.ButtonSet.YES_NO) === ui.Button.YES;
}

export function showDialog(title: string, body: string, width = 640, height = 420): void {
  const output = HtmlService.createHtmlOutput(page(body)).setWidth(width).setHeight(height);
  getUi().showModalDialog(output, title);
}

/**
 * A dialog built from one of the HTML pages in dist/ (problems, diff, backups), its data passed as JSON.
 * `<` is escaped so no value can close the script element that carries it.
 */
export function showPage<K extends PageName>(page: K, title: string, data: PageData[K], width = 720, height = 480): void {
  getUi().showModalDialog(pageOutput(page, data).setWidth(width).setHeight(height), title);
}

/** The sidebar page (Sheets draws it 300 px wide, beside the sheet, open while the analyst edits). */
export function showSidebarPage<K extends PageName>(page: K, title: string, data: PageData[K]): void {
  getUi().showSidebar(pageOutput(page, data).setTitle(title));
}

/** A page with its data, which a cell can fill with `</script>`: every `<` goes in escaped, so none runs as markup. */
function pageOutput<K extends PageName>(page: K, data: PageData[K]): GoogleAppsScript.HTML.HtmlOutput {
  const template = HtmlService.createTemplateFromFile(page);
  template.data = JSON.stringify(data).replace(/</g, '\\u003c');
  return template.evaluate();
}
