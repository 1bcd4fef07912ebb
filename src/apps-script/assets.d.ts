// The build loads .css files as text (esbuild's text loader).
declare module '*.css' {
  const text: string;
  export default text;
}
