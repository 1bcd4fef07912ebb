/**
 * Stands in for `Object.hasOwn` (ES2022) in dist/Code.js: re2js calls it for named groups and `\p{…}` classes, and
 * the build targets es2019, which esbuild lowers only in syntax, never in library calls. Apps Script's V8 version is
 * not published, so the bundle does not rely on it (the build maps `Object.hasOwn` here).
 */
export function objectHasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
