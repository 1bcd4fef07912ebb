/**
 * What an exception says. Not `instanceof Error`: Apps Script's services throw host objects from another realm,
 * which are exceptions all the same, and whose message must not be lost to `String(e)`.
 */
export function errorMessage(e: unknown): string {
  return typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
}
