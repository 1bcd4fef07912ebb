/** gas-local ships no types: it loads a folder of .js files into a vm context with the given globals. */
declare module 'gas-local' {
  export function require(folder: string, globals: object, options?: { filter?: (file: string) => boolean }): Record<string, unknown>;
}
