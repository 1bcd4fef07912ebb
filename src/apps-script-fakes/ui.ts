/** The Ui (menus, alerts, prompts, dialogs) and HtmlService, recording what the analyst is shown. */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { PageData, PageName } from '../apps-script/pages';
import { AppsScriptException, Mirror } from './mirror';

export const DIST = path.resolve(__dirname, '../../dist');

export const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' } as const;
export const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;

export interface Dialog {
  title: string;
  html: string;
  /** The page file it was made from (problems, diff, backups), for generated dialogs none. */
  page?: string;
  width?: number;
  height?: number;
}

type UiMethods = 'createMenu' | 'alert' | 'prompt' | 'showModalDialog' | 'showModelessDialog' | 'showSidebar';

/** Sheets draws every sidebar 300 px wide, whatever the page asks. */
export const SIDEBAR_WIDTH = 300;

/** An add-on's menu: under Extensions, named after the add-on (the script's name when bound). */
type AddOnMenuMethod = 'createAddonMenu';
export const ADDON_MENU = 'Extensions';

export class FakeUi implements Mirror<GoogleAppsScript.Base.Ui, UiMethods | AddOnMenuMethod> {
  menus: Array<{ title: string; items: Array<[string, string] | null> }> = [];
  alerts: Array<{ title: string; message: string; buttons: string }> = [];
  dialogs: Dialog[] = [];
  /** Every sidebar opened, in order; the newest is the one showing (Sheets shows one at a time). */
  sidebars: Dialog[] = [];
  /** Answers for YES_NO alerts, in order; YES when empty. */
  confirmAnswers: string[] = [];
  /** Answers for prompts: [button, text]. */
  promptAnswers: Array<[string, string]> = [];
  /** Runs while an alert is open (to start a second upload meanwhile, say). */
  onAlert: ((title: string, message: string) => void) | null = null;

  readonly Button = Button;
  readonly ButtonSet = ButtonSet;

  createMenu(caption: string) {
    const menu = { title: caption, items: [] as Array<[string, string] | null> };
    const builder = {
      addItem: (item: string, functionName: string) => (menu.items.push([item, functionName]), builder),
      addSeparator: () => (menu.items.push(null), builder),
      addToUi: () => {
        this.menus.push(menu);
      },
    };
    return builder;
  }
  createAddonMenu() {
    return this.createMenu(ADDON_MENU);
  }
  alert(title: string, prompt?: string, buttonSet?: GoogleAppsScript.Base.ButtonSet) {
    const buttons = (buttonSet as unknown as string | undefined) ?? ButtonSet.OK;
    this.alerts.push({ title, message: prompt ?? '', buttons });
    this.onAlert?.(title, prompt ?? '');
    if (buttons === ButtonSet.YES_NO) return this.confirmAnswers.shift() ?? Button.YES;
    return Button.OK;
  }
  prompt(title: string, prompt?: string) {
    const [button, text] = this.promptAnswers.shift() ?? [Button.CANCEL, ''];
    this.alerts.push({ title, message: prompt ?? '', buttons: 'PROMPT' });
    return { getSelectedButton: () => button, getResponseText: () => text };
  }
  showModalDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string) {
    const output = userInterface as unknown as HtmlPage;
    this.dialogs.push({ title, html: output.html, width: output.width, height: output.height, page: output.page });
  }
  showModelessDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string) {
    this.dialogs.push({ title, html: (userInterface as unknown as HtmlPage).html });
  }
  /**
   * Apps Script ignores setWidth and setHeight for a sidebar (it is always 300 px wide and as tall as the window),
   * so a page sized otherwise was designed for a width it never gets: the fake refuses it, and anything that is
   * not an HtmlOutput, as Apps Script refuses that.
   */
  showSidebar(userInterface: GoogleAppsScript.HTML.HtmlOutput) {
    const output = userInterface as unknown as HtmlPage;
    if (!output || typeof output.html !== 'string') throw new AppsScriptException('Invalid argument: userInterface');
    if (output.width !== undefined && output.width !== SIDEBAR_WIDTH) {
      throw new AppsScriptException(`fake Ui: a sidebar is ${SIDEBAR_WIDTH} px wide; this page asks for ${output.width} px`);
    }
    if (output.height !== undefined) throw new AppsScriptException('fake Ui: a sidebar is as tall as the window; setHeight does nothing');
    this.sidebars.push({ title: output.title, html: output.html, page: output.page, width: SIDEBAR_WIDTH });
  }
  /** The data the last dialog was opened with, which must be the given page. */
  dialogData<K extends PageName>(page: K, index = -1): PageData[K] {
    const dialog = this.dialogs.at(index);
    if (dialog?.page !== page)
      throw new Error(`the dialog is ${dialog ? `"${dialog.title}" (${dialog.page ?? 'no page'})` : 'missing'}, not the ${page} page`);
    const m = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(dialog.html);
    if (!m) throw new Error(`the ${page} page carries no data`);
    return JSON.parse(m[1]) as PageData[K];
  }
  /** Every alert and dialog text, for asserting what the user was shown. */
  everything(): string {
    return [...this.alerts.map((a) => `${a.title}\n${a.message}`), ...this.dialogs.map((d) => `${d.title}\n${d.html}`)].join('\n');
  }
}

type HtmlPage = ReturnType<typeof htmlOutput>;

function htmlOutput(initial: string, page?: string) {
  const o = {
    html: initial,
    page,
    width: undefined as number | undefined,
    height: undefined as number | undefined,
    title: '',
    setWidth: (w: number) => ((o.width = w), o),
    setHeight: (h: number) => ((o.height = h), o),
    setTitle: (t: string) => ((o.title = t), o),
    getContent: () => o.html,
    append: (more: string) => ((o.html += more), o),
  };
  return o;
}

/** HtmlService templates: the page from dist/, with `<?!= data ?>` replaced by the template's data. */
export function htmlService(): Mirror<GoogleAppsScript.HTML.HtmlService, 'createHtmlOutput' | 'createTemplateFromFile'> {
  return {
    createHtmlOutput: (html = '') => htmlOutput(String(html)),
    createTemplateFromFile: (filename: string) => {
      const source = readFileSync(path.join(DIST, `${filename}.html`), 'utf8');
      const template = {
        data: '' as string,
        evaluate: () =>
          htmlOutput(
            source.replace('<?!= data ?>', () => template.data),
            filename,
          ),
      };
      return template;
    },
  };
}
