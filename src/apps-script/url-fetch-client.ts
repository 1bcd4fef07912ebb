import { HttpClient, HttpRequest, HttpResponse, lowerCaseHeaders } from '../segment/http';

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
    const response = UrlFetchApp.fetch(request.url, options);
    return Promise.resolve({
      status: response.getResponseCode(),
      headers: lowerCaseHeaders(response.getAllHeaders() as Record<string, unknown>),
      body: response.getContentText(),
    });
  },
};
