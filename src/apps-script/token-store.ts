/**
 * The token kept in the user's own properties: other editors of the spreadsheet cannot read it,
 * unlike a cell in Importer Settings.
 */
const TOKEN_KEY = 'segment.token';

export function storedToken(): string {
  return PropertiesService.getUserProperties().getProperty(TOKEN_KEY) ?? '';
}

export function storeToken(token: string): void {
  PropertiesService.getUserProperties().setProperty(TOKEN_KEY, token);
}

export function forgetToken(): void {
  PropertiesService.getUserProperties().deleteProperty(TOKEN_KEY);
}
