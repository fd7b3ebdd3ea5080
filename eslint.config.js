// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Third-party output.
    ignores: ['node_modules/', 'dist/', 'coverage/', '.wrangler/'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is typed by its nearest tsconfig.json: the root one, or bench/tsconfig.json
        // (which extends it), the same settings `npm run typecheck` uses.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Off: the control characters in this code's patterns are the point, not typos (XML 1.0
      // section 2.2 Char, RFC 8259 section 7, YAML 1.2 section 5.1 c-printable).
      'no-control-regex': 'off',
      // `const { a: _, ...rest } = x` leaves out `a`, as tsc's noUnusedLocals allows.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // The JavaScript config files are in no tsconfig, so they are linted without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
