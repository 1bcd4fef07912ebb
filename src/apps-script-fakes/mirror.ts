/**
 * Ties a fake to the real Apps Script interface: every method the fake lists must exist on the real one, and
 * accept the arguments the real one accepts (for an overloaded method, its last overload). A fake that drifts
 * from @types/google-apps-script, by a misspelt name or a changed parameter, stops compiling.
 */
export type Mirror<Real, Names extends keyof Real> = {
  [K in Names]: Real[K] extends (...args: infer A) => unknown ? (...args: A) => unknown : never;
};

/** What Apps Script throws: its messages read "Exception: …" when printed. */
export class AppsScriptException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Exception';
  }
}
