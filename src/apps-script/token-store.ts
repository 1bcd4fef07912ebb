/**
 * The token kept in the user's own properties: other editors of the spreadsheet cannot read it, unlike a cell in
 * Importer Settings. Kept per spreadsheet: installed as an editor add-on, a user's properties are shared by every
 * document the add-on opens, and a token stored for one plan must not be sent to another workspace's.
 */
const LEGACY_TOKEN_KEY = 'segment.token';

function tokenKey(): string {
  return `${LEGACY_TOKEN_KEY}.${SpreadsheetApp.getActiveSpreadsheet().getId()}`;
}

export function storedToken(): string {
  const properties = PropertiesService.getUserProperties();
  // Before tokens were kept per spreadsheet, a bound script kept one under the plain key: it was this one's.
  return properties.getProperty(tokenKey()) ?? properties.getProperty(LEGACY_TOKEN_KEY) ?? '';
}

export function storeToken(token: string): void {
  const properties = PropertiesService.getUserProperties();
  properties.setProperty(tokenKey(), token);
  properties.deleteProperty(LEGACY_TOKEN_KEY);
}

export function forgetToken(): void {
  const properties = PropertiesService.getUserProperties();
  properties.deleteProperty(tokenKey());
  properties.deleteProperty(LEGACY_TOKEN_KEY);
}
