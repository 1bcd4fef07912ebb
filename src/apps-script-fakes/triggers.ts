/**
 * Triggers as Apps Script runs them: the event objects of onEdit and onOpen, and the authorisation modes they run
 * in. A simple trigger (onEdit, a bound script's onOpen) runs in AuthMode.LIMITED: no UrlFetchApp, no dialog or
 * alert. An add-on's onOpen in a document where it is not enabled runs in AuthMode.NONE: not even properties or
 * the spreadsheet's data. Each refusal throws the exception Apps Script throws.
 */
import { AppsScriptException } from './mirror';
import type { Cell } from './cells';
import type { FakeRange } from './range';

export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';

export const AUTH_MODE = { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION' } as const;
export const INSTALLATION_SOURCE = {
  APPS_MARKETPLACE_DOMAIN_ADD_ON: 'APPS_MARKETPLACE_DOMAIN_ADD_ON',
  NONE: 'NONE',
  WEB_STORE_ADD_ON: 'WEB_STORE_ADD_ON',
} as const;
export type InstallationSourceName = keyof typeof INSTALLATION_SOURCE;

/** What a trigger's execution may do, read by the guards at each call. */
export interface TriggerState {
  authMode: AuthModeName;
  /** How the script is installed: NONE for a script bound to the spreadsheet, else as an add-on. */
  installationSource: InstallationSourceName;
  /** The installable triggers the script created (ScriptApp.newTrigger), which the fakes run on the analyst's changes. */
  installed: InstalledTrigger[];
}

export interface InstalledTrigger {
  uid: string;
  handler: string;
  eventType: 'ON_CHANGE';
}

const SCOPES: Readonly<Record<string, string>> = {
  UrlFetchApp: 'https://www.googleapis.com/auth/script.external_request',
  Ui: 'https://www.googleapis.com/auth/script.container.ui',
  SpreadsheetApp: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  PropertiesService: 'https://www.googleapis.com/auth/script.storage',
  ScriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
};

function refuse(service: string, method: string): never {
  throw new AppsScriptException(`You do not have permission to call ${service}.${method}. Required permissions: ${SCOPES[service] ?? ''}`);
}

/** Methods refused below FULL (LIMITED and NONE), and methods refused only in NONE, per service. */
const NEEDS_FULL: Readonly<Record<string, ReadonlySet<string>>> = {
  UrlFetchApp: new Set(['fetch', 'fetchAll']),
  Ui: new Set(['alert', 'prompt', 'showModalDialog', 'showModelessDialog', 'showSidebar']),
  ScriptApp: new Set(['newTrigger', 'getUserTriggers', 'getProjectTriggers', 'deleteTrigger']),
};
const NEEDS_LIMITED: Readonly<Record<string, ReadonlySet<string>>> = {
  SpreadsheetApp: new Set(['getActiveSpreadsheet', 'getActive', 'getActiveSheet', 'getActiveRange', 'openById', 'openByUrl']),
  PropertiesService: new Set(['getDocumentProperties', 'getUserProperties', 'getScriptProperties']),
};

/** Wraps a service so that the calls its authorisation mode forbids throw Apps Script's message. */
export function guarded<T extends object>(target: T, service: string, state: TriggerState): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const refused =
        (state.authMode !== 'FULL' && NEEDS_FULL[service]?.has(prop)) || (state.authMode === 'NONE' && NEEDS_LIMITED[service]?.has(prop));
      return refused ? () => refuse(service, prop) : value;
    },
  });
}

/**
 * ScriptApp: the authorisation modes, and installable triggers, which need FULL and the script.scriptapp scope in
 * the manifest (`scopes`: the built appsscript.json's oauthScopes). Only onChange triggers on the spreadsheet are
 * modelled, and Apps Script's limit for add-ons: one trigger of a type per user and document.
 */
export function scriptApp(state: TriggerState, scopes: readonly string[]) {
  const needScope = (method: string) => {
    if (!scopes.includes(SCOPES.ScriptApp))
      throw new AppsScriptException(
        `Specified permissions are not sufficient to call ScriptApp.${method}. Required permissions: ${SCOPES.ScriptApp}`,
      );
  };
  const trigger = (t: InstalledTrigger) => ({
    getUniqueId: () => t.uid,
    getHandlerFunction: () => t.handler,
    getEventType: () => t.eventType,
  });
  const app = {
    AuthMode: AUTH_MODE,
    InstallationSource: INSTALLATION_SOURCE,
    getInstallationSource: () => INSTALLATION_SOURCE[state.installationSource],
    getUserTriggers: () => {
      needScope('getUserTriggers');
      return state.installed.map(trigger);
    },
    getProjectTriggers: () => {
      needScope('getProjectTriggers');
      return state.installed.map(trigger);
    },
    newTrigger: (handler: string) => {
      needScope('newTrigger');
      return {
        forSpreadsheet: () => ({
          onChange: () => ({
            create: () => {
              if (state.installationSource !== 'NONE' && state.installed.some((t) => t.eventType === 'ON_CHANGE'))
                throw new AppsScriptException(
                  'This add-on has created too many change triggers in this document for this Google user account.',
                );
              const made: InstalledTrigger = { uid: String(state.installed.length + 1), handler, eventType: 'ON_CHANGE' };
              state.installed.push(made);
              return trigger(made);
            },
          }),
        }),
      };
    },
  };
  return guarded(app, 'ScriptApp', state);
}

/** An edit event as Sheets passes it to onEdit: `value` and `oldValue` only for a one-cell edit of a value. */
export interface EditEvent {
  authMode: string;
  range: FakeRange;
  source: unknown;
  user: { getEmail(): string };
  triggerUid: string;
  value?: Cell;
  oldValue?: Cell;
}

export interface EditChange {
  /** The value typed into a one-cell range (omitted for a paste, or a cell cleared). */
  value?: Cell;
  oldValue?: Cell;
}
