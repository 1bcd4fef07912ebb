import { bearerToken, HttpClient, HttpRequest, HttpResponse, parseJson, RequestRefused } from './http';

export interface RetryOptions {
  /** Blocks (Apps Script's Utilities.sleep) or awaits a timer (Node). */
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Give up once waiting longer would pass this much time since the first attempt. */
  budgetMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Called before each wait, so a UI or log can say what is happening. */
  onRetry?(info: { attempt: number; waitMs: number; reason: string }): void;
}

const DEFAULT_RETRY_BUDGET_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_BASE_DELAY_MS = 1_000;

/** The last thing that went wrong when retries ran out: a response, or the transport's exception. */
export type FinalOutcome =
  { kind: 'response'; response: HttpResponse; attempts: number } | { kind: 'exception'; error: Error; attempts: number };

function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status !== 501);
}

/**
 * Sends a request, retrying rate limits, server errors and transport failures (not a refusal to send) with
 * exponential backoff.
 * Waits as long as the server asks (Retry-After, Segment's msBeforeNext or X-RateLimit-Reset), within budget.
 */
export async function sendWithRetries(http: HttpClient, request: HttpRequest, options: RetryOptions): Promise<FinalOutcome> {
  const budget = options.budgetMs ?? DEFAULT_RETRY_BUDGET_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const started = options.now();
  for (let attempt = 1; ; attempt++) {
    let outcome: FinalOutcome;
    let reason: string;
    let asked: number | null = null;
    try {
      const response = await http.request(request);
      outcome = { kind: 'response', response, attempts: attempt };
      if (!isRetryableStatus(response.status)) return outcome;
      reason = `HTTP ${response.status}`;
      asked = requestedWaitMs(response, options.now());
    } catch (e) {
      const error = withoutToken(e, request);
      outcome = { kind: 'exception', error, attempts: attempt };
      if (error instanceof RequestRefused) return outcome;
      reason = error.message;
    }
    if (attempt >= maxAttempts) return outcome;
    const backoff = base * 2 ** (attempt - 1);
    const waitMs = asked ?? backoff;
    if (options.now() - started + waitMs > budget) return outcome;
    options.onRetry?.({ attempt, waitMs, reason });
    await options.sleep(waitMs);
  }
}

/** How long the server asked us to wait, in ms, or null when it did not say. */
export function requestedWaitMs(response: HttpResponse, nowMs: number): number | null {
  const body = parseJson(response.body) as { errors?: Array<{ data?: { msBeforeNext?: unknown } }> } | undefined;
  const msBeforeNext = body?.errors?.[0]?.data?.msBeforeNext;
  if (typeof msBeforeNext === 'number' && msBeforeNext >= 0) return Math.ceil(msBeforeNext);
  const retryAfter = response.headers['retry-after'];
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = response.headers['x-ratelimit-reset'];
  if (reset) {
    const value = Number(reset);
    if (Number.isFinite(value) && value > 0) {
      // Seconds since the epoch when large, else seconds from now.
      return value > 1e9 ? Math.max(0, value * 1000 - nowMs) : value * 1000;
    }
  }
  return null;
}

/** Time kept, by default, after a write for the read back and the dialogs. */
const DEADLINE_RESERVE_MS = 20_000;

/**
 * Retry options whose waits end by a deadline (ms since the epoch), keeping `reserveMs` for what follows; null
 * when there is no time to start; undefined (no limit) without a deadline.
 */
export function retryBefore(
  retry: RetryOptions,
  deadline: number | undefined,
  reserveMs = DEADLINE_RESERVE_MS,
): RetryOptions | undefined | null {
  if (deadline === undefined) return undefined;
  const left = deadline - retry.now() - reserveMs;
  if (left <= 0) return null;
  return { ...retry, budgetMs: Math.min(retry.budgetMs ?? DEFAULT_RETRY_BUDGET_MS, left) };
}

/**
 * The transport's exception with the request's token cut out of its message: some quote the header they
 * refused, and the message goes on to retry notices, toasts, logs and alerts.
 */
function withoutToken(e: unknown, request: HttpRequest): Error {
  const message = e instanceof Error ? e.message : String(e);
  const token = bearerToken(request);
  const safe = token.length >= 4 ? message.split(token).join('[token hidden]') : message;
  if (e instanceof RequestRefused) return safe === message ? e : new RequestRefused(safe);
  if (e instanceof Error && safe === message) return e;
  return new Error(safe);
}
