/** The one seam between the core and the network: UrlFetchApp in Apps Script, fetch in Node. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * The platform would not send the request at all (in Apps Script: a host outside the manifest's whitelist, the
 * daily UrlFetch quota, a URL over 2 KB). Sending it again cannot help, so it is never retried.
 */
export class RequestRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestRefused';
  }
}

/**
 * Resolves with any HTTP status; rejects only when no response came (timeout, DNS, dropped connection), or with
 * RequestRefused when the request could not be sent.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** The bearer token a request carries, so messages about the request can leave it out. */
export function bearerToken(request: HttpRequest): string {
  const header = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? '';
  return header.replace(/^Bearer\s+/i, '');
}

export function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
