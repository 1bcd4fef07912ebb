/**
 * Segment > Store token privately…: the token is typed into a password field of a dialog (a prompt would show it
 * on screen, to anyone looking or screen-sharing) and kept in the user's own properties. The functions the
 * dialog calls never log the token, and nothing they answer or throw can hold it.
 */
import { tokenProblem } from '../segment/target';
import { guarded, keepSecret, readSettings, safe } from './context';
import { clearSettingsCells } from './spreadsheet';
import { forgetToken, storedToken, storeToken } from './token-store';
import { showPage } from './ui';
import { errorMessage } from './error-message';

/** Segment's tokens are well under 200 characters; a paste far longer is something else (and a property holds 9 KB). */
const MAX_TOKEN_CHARS = 2000;

export function storeTokenPrivately(): Promise<void> {
  return guarded('Store token privately', () => {
    showPage('token', 'Store token privately', { stored: storedToken() !== '' }, 480, 300);
  });
}

/** Called by the token dialog: stores the token, clears the token cells, and answers what was done. */
export function storePrivateToken(typed: unknown): string {
  const token = typeof typed === 'string' ? typed.trim() : '';
  keepSecret(token);
  try {
    if (!token) return 'Paste a token first; nothing was stored.';
    if (token.length > MAX_TOKEN_CHARS)
      return `That is ${token.length.toLocaleString('en-US')} characters long: a Segment token is far shorter. Copy the token from Segment again and paste it on its own. Nothing was stored.`;
    const problem = tokenProblem(token);
    if (problem) return `${problem} Nothing was stored.`;
    storeToken(token);
    return `Token stored privately for you. ${clearTokenCells()}`;
  } catch (e) {
    // Not through guarded(): its console.error would be a log line written while the token is in hand.
    return safe(`Nothing was stored: ${errorMessage(e)}`);
  }
}

/** Called by the token dialog. */
export function removePrivateToken(): string {
  const had = storedToken() !== '';
  forgetToken();
  return had ? 'Your stored token was removed.' : 'No token was stored; nothing changed.';
}

/** Empties the token cells of Importer Settings, and says which and what the analyst should do next. */
function clearTokenCells(): string {
  const settings = readSettings();
  const cells = settings.tokenCells.map((c) => c.cell);
  if (!settings.sheet || cells.length === 0) return 'It is used instead of the Personal Access Token cell.';
  clearSettingsCells(cells);
  return (
    `${cells.length === 1 ? 'Cell' : 'Cells'} ${cells.join(', ')} of ${settings.sheet.name} ${cells.length === 1 ? 'was' : 'were'} cleared. ` +
    'The spreadsheet’s version history still holds what was typed there, and anyone who can open this file can read it: rotate the token in Segment (Settings > Access Management > Tokens) and store the new one here.'
  );
}
