import { HttpClient, HttpRequest, HttpResponse, lowerCaseHeaders, RequestRefused } from '../segment/http';

/** HttpClient over Node's fetch: any status is a response; timeouts and dropped connections reject. */
export function fetchClient(timeoutMs = 60_000): HttpClient {
  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      let response: Response;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        // fetch throws a TypeError other than "fetch failed" for a request it will never send (a header or URL
        // it cannot encode): sending it again cannot help.
        if (e instanceof TypeError && e.message !== 'fetch failed') throw new RequestRefused(describeFetchError(e, request.url, timeoutMs));
        throw new Error(describeFetchError(e, request.url, timeoutMs));
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      let body: string;
      try {
        body = await response.text();
      } catch (e) {
        throw new Error(describeFetchError(e, request.url, timeoutMs));
      }
      return { status: response.status, headers: lowerCaseHeaders(headers), body };
    },
  };
}

function describeFetchError(e: unknown, url: string, timeoutMs: number): string {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  const host = new URL(url).host;
  if (error.name === 'TimeoutError' || error.name === 'AbortError')
    return `no answer from ${host} within ${Math.round(timeoutMs / 1000)} s`;
  const cause = error.cause?.code ?? error.cause?.message;
  return `${host}: ${cause ? `${error.message} (${cause})` : error.message}`;
}
