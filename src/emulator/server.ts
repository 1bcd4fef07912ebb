/**
 * A local stand-in for Segment's tracking plan endpoints (Config API v1beta and Public API), strict the way
 * Segment is: tokens, workspaces, update masks, rule limits, request size, JSON Schema validity, rate limits.
 * This file is the HTTP plumbing shared by both; each API's routes and words are its dialect.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ConfigDialect } from './config-dialect';
import type { Dialect } from './dialect';
import { Faults } from './faults';
import { PublicDialect } from './public-dialect';
import { HttpError, Reply, SchemaChecker } from './shared';
import { EmulatorSeed, EmulatorState, TokenGrant } from './state';

export { nth } from './faults';
export { MAX_PUBLIC_BODY_BYTES } from './public-dialect';
export { MAX_RULES_PER_REQUEST } from './shared';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
/**
 * How long an idle keep-alive connection stays open. Real servers keep them for a minute or more; Node's
 * default of 5 s closed connections under clients that were busy (a test running the add-on synchronously
 * holds its event loop for seconds), whose next request then went out on a closed socket. Longer than any
 * client keeps one (fetch keeps at most 10 minutes), so the client always closes first.
 */
export const KEEP_ALIVE_MS = 11 * 60 * 1000;

export interface EmulatorOptions {
  seed?: EmulatorSeed;
  /** Requests allowed per token per window before 429 (Segment: 200 a minute on the rules endpoints). */
  rateLimit?: { requests: number; windowMs: number };
  clock?: () => number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  bytes: number;
  /** Rules in the request body or query (Public API rule writes). */
  rules?: number;
}

export class SegmentEmulator {
  readonly state: EmulatorState;
  readonly faults = new Faults();
  readonly requests: LoggedRequest[] = [];
  private readonly server: http.Server;
  private readonly rateWindows = new Map<string, number[]>();
  private readonly clock: () => number;
  private readonly config: Dialect;
  private readonly public: Dialect;
  baseUrl = '';

  constructor(private readonly options: EmulatorOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.state = new EmulatorState(options.seed, this.clock);
    const schemas = new SchemaChecker();
    this.config = new ConfigDialect(this.state, schemas);
    this.public = new PublicDialect(this.state, schemas);
    this.server = http.createServer((req, res) => {
      // One bad request must never take the emulator down: whatever the handler throws is answered here.
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: `emulator error: ${e instanceof Error ? e.message : String(e)}` }));
        } else res.destroy();
      });
    });
    this.server.keepAliveTimeout = KEEP_ALIVE_MS;
  }

  /** Listens on 127.0.0.1 (port 0: any free port) and resolves with the base URL. */
  listen(port = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${address.port}`;
        resolve(this.baseUrl);
      });
    });
  }

  /** The Config API's base URL (`API Base URL` for an rs_ plan). */
  get configBaseUrl(): string {
    return `${this.baseUrl}/v1beta`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }

  setRateLimit(limit: EmulatorOptions['rateLimit']): void {
    this.options.rateLimit = limit;
    this.rateWindows.clear();
  }

  /** The API a path belongs to: the Config API lives under /v1beta/. */
  private dialect(path: string): Dialect {
    return path.startsWith('/v1beta/') ? this.config : this.public;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator');
    } catch {
      this.log(req.method ?? 'GET', req.url ?? '', 400, 0);
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ type: 'bad-request', message: `invalid request URL: ${req.url ?? ''}` }] }));
      return;
    }
    const method = req.method ?? 'GET';
    const dialect = this.dialect(url.pathname);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const fault = this.faults.take(method, url.pathname);
    if (fault?.kind === 'drop') {
      this.log(method, url.pathname, 0, body.length);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'before') fault.run(this.state);
    let reply: Reply;
    let rules: number | undefined;
    if (fault?.kind === 'status') {
      reply = { status: fault.status, body: fault.body ?? dialect.errorBody(fault.status, 'injected failure'), headers: fault.headers };
    } else ({ reply, rules } = this.answer(dialect, req, method, url, body));
    this.log(method, url.pathname, reply.status, body.length, rules);
    // An injected string body goes out as it is (an HTML error page from a proxy, say).
    const raw = typeof reply.body === 'string';
    const text = raw ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': raw ? 'text/html' : 'application/json', ...reply.headers });
    res.end(text);
  }

  /** Authenticates, rate-limits and routes one request; every refusal is an HttpError answered in the dialect's words. */
  private answer(dialect: Dialect, req: http.IncomingMessage, method: string, url: URL, body: Buffer): { reply: Reply; rules?: number } {
    try {
      const token = this.authenticate(req);
      const limited = this.rateLimit(token.token, dialect);
      if (limited) return { reply: limited };
      if (method !== 'GET' && token.access !== 'write') {
        throw new HttpError(403, 'PermissionDenied: an access token with write scope is required for this method');
      }
      const result = dialect.route(method, url.pathname.replace(/\/+$/, ''), url, body, token);
      result.reply.headers = { ...this.rateHeaders(token.token), ...result.reply.headers };
      return result;
    } catch (e) {
      if (!(e instanceof HttpError))
        return { reply: { status: 500, body: dialect.errorBody(500, `emulator error: ${(e as Error).message}`) } };
      return { reply: { status: e.status, body: dialect.errorBody(e.status, e.message, e.field) } };
    }
  }

  private log(method: string, path: string, status: number, bytes: number, rules?: number): void {
    this.requests.push({ method, path, status, bytes, ...(rules === undefined ? {} : { rules }) });
  }

  private authenticate(req: http.IncomingMessage): TokenGrant {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const grant = match ? this.state.tokens.get(match[1]) : undefined;
    if (!grant) throw new HttpError(401, match ? 'Unauthenticated: the access token is invalid' : 'Unauthenticated: no access token');
    return grant;
  }

  private rateLimit(token: string, dialect: Dialect): Reply | null {
    const limit = this.options.rateLimit;
    if (!limit) return null;
    const now = this.clock();
    const window = (this.rateWindows.get(token) ?? []).filter((t) => now - t < limit.windowMs);
    this.rateWindows.set(token, window);
    if (window.length < limit.requests) {
      window.push(now);
      return null;
    }
    const msBeforeNext = window.length > 0 ? Math.max(1, limit.windowMs - (now - window[0])) : limit.windowMs;
    const reply = dialect.rateLimited(msBeforeNext);
    reply.headers = {
      'X-RateLimit-Limit': String(limit.requests),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Math.ceil((now + msBeforeNext) / 1000)),
      ...reply.headers,
    };
    return reply;
  }

  private rateHeaders(token: string): Record<string, string> {
    const limit = this.options.rateLimit;
    if (!limit) return {};
    const used = this.rateWindows.get(token)?.length ?? 0;
    return {
      'X-RateLimit-Consumed': String(used),
      'X-RateLimit-Remaining': String(Math.max(0, limit.requests - used)),
      'X-RateLimit-Reset': String(Math.ceil((this.clock() + limit.windowMs) / 1000)),
    };
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startEmulator(options: EmulatorOptions = {}, port = 0): Promise<SegmentEmulator> {
  const emulator = new SegmentEmulator(options);
  await emulator.listen(port);
  return emulator;
}
