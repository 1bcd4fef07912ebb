/** What differs between the two APIs the emulator answers: their routes, error bodies and rate-limit answers. */
import type { Reply } from './shared';
import type { TokenGrant } from './state';

export interface Dialect {
  /** Answers an authenticated request on this API's paths. */
  route(method: string, path: string, url: URL, raw: Buffer, token: TokenGrant): { reply: Reply; rules?: number };
  errorBody(status: number, message: string, field?: string): unknown;
  /** The 429 this API answers (body, and headers beyond the X-RateLimit-* ones). */
  rateLimited(msBeforeNext: number): Reply;
}
