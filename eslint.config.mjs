// The lint gate `npm test` runs: type-aware typescript-eslint, a floating promise is an error (every menu
// command is async), a switch must cover its union, and formatting is prettier's alone.
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/artifacts/', 'src/apps-script/html/*.js'] },
  ...tseslint.configs.recommended,
  // The product's code gets the type-checked rules too (unsafe any, unbound methods, needless assertions,
  // objects turned into "[object Object]"); tests keep the lighter set, as they read Segment's JSON as it comes.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['src/**/*.ts'] })),
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // Tests read Segment's JSON answers as they come.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // CommonJS files jest loads as they are.
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
