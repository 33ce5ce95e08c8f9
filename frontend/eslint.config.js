// ESLint flat config: `npm run lint` (run by `make lint`). The app's
// TypeScript gets typescript-eslint's type-aware recommended rules and the
// rules of hooks (Preact's hooks follow React's); the build
// and test scripts (plain ES modules on Node) and the API reference's
// init.js (a browser script) get ESLint's recommended rules.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'src/api/schema.ts'] },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    // Only rules-of-hooks from the plugin. Its exhaustive-deps knows React's
    // stable values (useState setters, refs) but not Preact's: it asks for
    // every useSignal and the app-state context as a dependency, and the
    // effects here deliberately run on ids, reading signals inside. The
    // React Compiler rules of its presets do not apply to Preact.
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  {
    files: ['scripts/**/*.mjs', 'e2e/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['e2e/**/*.mjs'],
    // The browser test's page.evaluate callbacks run in the page.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['api-docs/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, SwaggerUIBundle: 'readonly' } },
  },
);
