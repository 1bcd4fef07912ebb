import { HttpClient, HttpRequest, HttpResponse, lowerCaseHeaders, RequestRefused } from '../segment/http';
import { errorMessage } from './error-message';

/** Apps Script's refusals to send, and what the analyst can do about each. */
const REFUSALS: ReadonlyArray<[RegExp, string]> = [
  [
    /not been whitelisted|urlFetchWhitelist|allowlist/i,
    "Apps Script refused the address: the add-on may only call Segment's API hosts (its manifest's urlFetchWhitelist). " +
      'Clear API Base URL in Importer Settings, or set it to a Segment API address.',
  ],
  [
    /too many times for one day|Bandwidth quota exceeded/i,
    "Apps Script refused: this Google account has used up today's UrlFetch quota. Try again tomorrow.",
  ],
  [/Limit Exceeded: URLFetch URL Length/i, 'Apps Script refused the request: its address is longer than UrlFetchApp takes (2 KB).'],
  [/Invalid argument/i, 'Apps Script refused the request as malformed (a header or address it cannot send).'],
];

function send(url: string, options: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions): GoogleAppsScript.URL_Fetch.HTTPResponse {
  try {
    return UrlFetchApp.fetch(url, options);
  } catch (e) {
    const message = errorMessage(e);
    const refusal = REFUSALS.find(([pattern]) => pattern.test(message));
    if (refusal) throw new RequestRefused(`${refusal[1]} (${message.replace(/\.$/, '')}.)`);
    throw e;
  }
}

/** HttpClient over UrlFetchApp. Any status comes back as a response; only transport failures throw. */
export const urlFetchClient: HttpClient = {
  request(request: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    let contentType: string | undefined;
    for (const [name, value] of Object.entries(request.headers)) {
      // UrlFetchApp takes the content type as an option; a Content-Type header would be overridden.
      if (name.toLowerCase() === 'content-type') contentType = value;
      else headers[name] = value;
    }
    const options: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
      method: request.method.toLowerCase() as GoogleAppsScript.URL_Fetch.HttpMethod,
      headers,
      muteHttpExceptions: true,
      followRedirects: false,
    };
    if (contentType) options.contentType = contentType;
    if (request.body !== undefined) options.payload = request.body;
    const response = send(request.url, options);
    return Promise.resolve({
      status: response.getResponseCode(),
      headers: lowerCaseHeaders(response.getAllHeaders() as Record<string, unknown>),
      body: response.getContentText(),
    });
  },
};
