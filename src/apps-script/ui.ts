import { getUi } from './spreadsheet';
import { page } from './html';

export function alert(title: string, message: string): void {
  const ui = getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}

/** A blocking Yes/No question; true only for Yes. */
export function confirm(title: string, message: string): boolean {
  const ui = getUi();
  return ui.alert(title, message, ui.ButtonSet.YES_NO) === ui.Button.YES;
}

/** Asks for a line of text; null when cancelled. */
export function prompt(title: string, message: string): string | null {
  const ui = getUi();
  const response = ui.prompt(title, message, ui.ButtonSet.OK_CANCEL);
  return response.getSelectedButton() === ui.Button.OK ? response.getResponseText() : null;
}

export function showDialog(title: string, body: string, width = 640, height = 420): void {
  const output = HtmlService.createHtmlOutput(page(body)).setWidth(width).setHeight(height);
  getUi().showModalDialog(output, title);
}
