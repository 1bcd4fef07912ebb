/** The world the add-on runs in, and the loader that runs the built dist/Code.js in it through gas-local. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { Mirror } from './mirror';
import { FakeCaches, fakeCaches, fakeCacheService } from './cache';
import { fakeUtilities, FakeClock, FakeLockState, FakeProperties } from './services';
import { newDataValidation } from './cells';
import { FakeSpreadsheet } from './spreadsheet';
import { DIST, FakeUi, htmlService } from './ui';
import { FakeUrlFetchApp, realHttpResponder } from './url-fetch';
import { guarded, scriptApp, TriggerState } from './triggers';

import * as gas from 'gas-local';

export interface World {
  spreadsheet: FakeSpreadsheet;
  ui: FakeUi;
  fetch: FakeUrlFetchApp;
  userProperties: FakeProperties;
  documentProperties: FakeProperties;
  lock: FakeLockState;
  clock: FakeClock;
  /** CacheService's caches (the document's is what the sidebar keeps its last state in). */
  caches: FakeCaches;
  /** Every Apps Script service method called, in order (`SpreadsheetApp.getActiveSpreadsheet`, `Range.getValues`, …). */
  serviceCalls: string[];
  logs: string[];
  /** The authorisation mode the running execution has (a menu click: FULL; onEdit: LIMITED) and how it is installed. */
  trigger: TriggerState;
  /**
   * The local emulator's address, when a test or `npm start` talks to it: the add-on reads it from a global only
   * this harness defines (a real deployment has none). UrlFetchApp must also `allow` it.
   */
  testApiBaseUrl?: string;
}

/**
 * Sends the add-on's requests to a local Segment API emulator over real HTTP. The emulator is not in the manifest's
 * whitelist (loopback over http never could be), and the add-on only sends to Segment's hosts: this allows it and
 * hands the add-on its address, as no deployment can.
 */
export function useEmulator(world: World, baseUrl: string): void {
  world.fetch.responder = realHttpResponder();
  world.fetch.allow(baseUrl);
  world.testApiBaseUrl = baseUrl;
}

export function newWorld(): World {
  const clock = new FakeClock();
  return {
    spreadsheet: new FakeSpreadsheet(),
    ui: new FakeUi(),
    fetch: new FakeUrlFetchApp(),
    userProperties: new FakeProperties(),
    documentProperties: new FakeProperties(),
    lock: new FakeLockState(),
    clock,
    caches: fakeCaches(clock),
    serviceCalls: [],
    logs: [],
    trigger: { authMode: 'FULL', installationSource: 'NONE', installed: [] },
  };
}

/** Wraps a fake so that every method call through it (and through objects it returns) is counted. */
export function counted<T extends object>(target: T, name: string, log: string[]): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        log.push(`${name}.${prop}`);
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
        if (result && typeof result === 'object' && !Array.isArray(result) && !(result instanceof Date)) {
          const kind = (result.constructor as { name?: string } | undefined)?.name;
          return counted(result, kind && kind !== 'Object' ? kind.replace(/^Fake/, '') : `${name}.${prop}()`, log);
        }
        return result;
      };
    },
  });
}

export type AddOn = Record<string, (...args: unknown[]) => unknown>;

type SpreadsheetAppMethods = 'getActiveSpreadsheet' | 'getActive' | 'getUi' | 'newDataValidation';
type PropertiesServiceMethods = 'getUserProperties' | 'getDocumentProperties' | 'getScriptProperties';

function log(world: World) {
  return (...args: unknown[]) => world.logs.push(args.map(String).join(' '));
}

const withoutHasOwn: ObjectConstructor = new Proxy(Object, {
  get: (target, key, receiver) => (key === 'hasOwn' ? undefined : (Reflect.get(target, key, receiver) as unknown)),
  has: (target, key) => key !== 'hasOwn' && Reflect.has(target, key),
});

/** Loads dist/Code.js into a fresh Apps Script-like context wired to the world's fakes. */
/** The scopes the built manifest asks for: what Apps Script lets the script do, whatever its code tries. */
function manifestScopes(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(DIST, 'appsscript.json'), 'utf8')) as { oauthScopes?: string[] };
  return manifest.oauthScopes ?? [];
}

export function loadAddOn(world: World): AddOn {
  const calls = world.serviceCalls;
  const spreadsheetApp: Mirror<GoogleAppsScript.Spreadsheet.SpreadsheetApp, SpreadsheetAppMethods> = {
    getActiveSpreadsheet: () => world.spreadsheet,
    getActive: () => world.spreadsheet,
    getUi: () => guarded(world.ui, 'Ui', world.trigger),
    newDataValidation,
  };
  const propertiesService: Mirror<GoogleAppsScript.Properties.PropertiesService, PropertiesServiceMethods> = {
    getUserProperties: () => world.userProperties,
    getDocumentProperties: () => world.documentProperties,
    getScriptProperties: () => new FakeProperties(),
  };
  const lockService: Mirror<GoogleAppsScript.Lock.LockService, 'getDocumentLock' | 'getScriptLock'> = {
    getDocumentLock: () => world.lock.lock(),
    getScriptLock: () => world.lock.lock(),
  };
  const globals = {
    // Apps Script's V8 version is not published: the script may not rely on library calls newer than the es2019 it
    // is built for, so the one it once used unknowingly (ES2022's Object.hasOwn, from re2js) is absent here.
    Object: withoutHasOwn,
    ...(world.testApiBaseUrl ? { SEGMENT_TEST_API_BASE_URL: world.testApiBaseUrl } : {}),
    SpreadsheetApp: counted(guarded(spreadsheetApp, 'SpreadsheetApp', world.trigger), 'SpreadsheetApp', calls),
    HtmlService: counted(htmlService(), 'HtmlService', calls),
    UrlFetchApp: counted(guarded(world.fetch, 'UrlFetchApp', world.trigger), 'UrlFetchApp', calls),
    PropertiesService: counted(guarded(propertiesService, 'PropertiesService', world.trigger), 'PropertiesService', calls),
    ScriptApp: counted(scriptApp(world.trigger, manifestScopes()), 'ScriptApp', calls),
    LockService: counted(lockService, 'LockService', calls),
    CacheService: counted(fakeCacheService(world.caches), 'CacheService', calls),
    Utilities: counted(fakeUtilities(world.clock), 'Utilities', calls),
    Session: counted({ getActiveUser: () => ({ getEmail: () => 'analyst@example.com' }) }, 'Session', calls),
    Logger: { log: log(world) },
    console: { log: log(world), info: log(world), warn: log(world), error: log(world) },
    // The script's clock is the world's: Date.now() and new Date() read it; dates given a value are real dates.
    Date: class extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(world.clock.now);
        else super(...(args as [string]));
      }
      static override now() {
        return world.clock.now;
      }
    },
  };
  return gas.require(DIST, globals, { filter: (file: string) => path.basename(file) === 'Code.js' }) as unknown as AddOn;
}
