/**
 * UrlFetchApp as strict as Apps Script: only the hosts of appsscript.json's urlFetchWhitelist (plus what a test
 * allows explicitly, such as the local emulator), URLs under 2 KB, a daily quota; each refusal throws the
 * exception Apps Script throws.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { AppsScriptException, Mirror } from './mirror';

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  contentType?: string;
  payload?: string;
  muteHttpExceptions?: boolean;
}

export interface ScriptedResponse {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
}

/** What the fake does with one request: answer it, or throw as UrlFetchApp does on a timeout or DNS failure. */
export type Responder = (call: FetchCall) => ScriptedResponse | Error;

/** UrlFetchApp's URL limit (2 KB). */
const MAX_URL_CHARS = 2048;

const MANIFEST = path.resolve(__dirname, '../../appsscript.json');

/** The URL prefixes the add-on's manifest allows. */
function manifestWhitelist(): string[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { urlFetchWhitelist?: string[] };
  return manifest.urlFetchWhitelist ?? [];
}

type FetchOptions = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;

export class FakeUrlFetchApp implements Mirror<GoogleAppsScript.URL_Fetch.UrlFetchApp, 'fetch'> {
  calls: FetchCall[] = [];
  /** Every fetch Apps Script refused, with its message. */
  refused: string[] = [];
  readonly whitelist: string[] = manifestWhitelist();
  /** Fetches left today (Apps Script: 20,000 for consumer accounts). */
  quotaLeft = 20_000;

  constructor(public responder: Responder = () => ({ status: 200, body: {} })) {}

  /** Lets a test reach a URL prefix the manifest does not list (the emulator on loopback). */
  allow(prefix: string): this {
    this.whitelist.push(prefix.endsWith('/') ? prefix : `${prefix}/`);
    return this;
  }

  private refuse(message: string): never {
    this.refused.push(message);
    throw new AppsScriptException(message);
  }

  fetch(url: string, params: FetchOptions = {}) {
    if (url.length > MAX_URL_CHARS) this.refuse('Limit Exceeded: URLFetch URL Length.');
    if (!this.whitelist.some((prefix) => url.startsWith(prefix))) {
      this.refuse(`Request to ${url} failed because the URL has not been whitelisted in the script manifest.`);
    }
    if (this.quotaLeft <= 0) this.refuse('Service invoked too many times for one day: urlfetch.');
    this.quotaLeft--;
    const call: FetchCall = {
      url,
      method: (params.method ?? 'get').toUpperCase(),
      headers: { ...((params.headers ?? {}) as Record<string, string>) },
      contentType: params.contentType,
      payload: typeof params.payload === 'string' ? params.payload : undefined,
      muteHttpExceptions: params.muteHttpExceptions,
    };
    this.calls.push(call);
    const answer = this.responder(call);
    if (answer instanceof Error) throw answer;
    if (!params.muteHttpExceptions && answer.status >= 400) {
      throw new AppsScriptException(`Request failed for ${url} returned code ${answer.status}`);
    }
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    const headers = { 'Content-Type': 'application/json', ...(answer.headers ?? {}) };
    return {
      getResponseCode: () => answer.status,
      getContentText: () => body,
      getAllHeaders: () => headers,
      getHeaders: () => headers,
    };
  }
}

/**
 * Sends each request over real HTTP and waits for the answer, synchronously as UrlFetchApp does: a worker
 * thread makes the call while this thread waits on a shared flag, so the server must run in another process
 * (the emulator started by the CLI).
 */
export function realHttpResponder(timeoutMs = 60_000): Responder {
  const worker = new Worker(
    `
    const { parentPort } = require('worker_threads');
    parentPort.on('message', async ({ call, flag, port }) => {
      const headers = { ...call.headers };
      if (call.contentType) headers['Content-Type'] = call.contentType;
      let out;
      try {
        const res = await fetch(call.url, { method: call.method, headers, body: call.payload, signal: AbortSignal.timeout(${timeoutMs}) });
        out = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
      } catch (e) {
        out = { error: 'Exception: ' + (e.cause ? e.cause.code || e.cause.message : e.message) + ': ' + call.url };
      }
      port.postMessage(out);
      const signal = new Int32Array(flag);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    });`,
    { eval: true },
  );
  worker.unref();
  return (call) => {
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ call, flag, port: port2 }, [port2]);
    Atomics.wait(new Int32Array(flag), 0, 0, timeoutMs + 5000);
    const answer = (receiveMessageOnPort(port1)?.message ?? { error: 'Exception: no answer' }) as ScriptedResponse & { error?: string };
    port1.close();
    return answer.error ? new Error(answer.error) : answer;
  };
}

/**
 * A Config API plan in workspace acme behind the fake UrlFetchApp: GET answers with what it holds, PUT holds
 * the body's rules. PUTs answer with `putAnswers` first, in order, when any are queued.
 */
export function fakeConfigPlan({ fetch }: { fetch: FakeUrlFetchApp }, planId: string, putAnswers: Array<ScriptedResponse | Error> = []) {
  const plan = {
    name: `workspaces/acme/tracking-plans/${planId}`,
    display_name: 'Plan',
    rules: { events: [] as unknown[] } as object,
    update_time: '2026-01-01T00:00:00Z',
  };
  let version = 0;
  fetch.responder = (call) => {
    if (call.method === 'GET') return { status: 200, body: plan };
    const queued = putAnswers.shift();
    if (queued) return queued;
    const body = JSON.parse(call.payload ?? '{}') as { tracking_plan: { rules: object } };
    plan.rules = body.tracking_plan.rules;
    plan.update_time = `2026-01-02T00:00:${String(++version % 60).padStart(2, '0')}Z`;
    return { status: 200, body: plan };
  };
  return plan;
}
