import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', 'apps/admin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read settings through @bacheca/config, not process.env.',
        },
      ],
    },
  },
  { files: ['libs/config/**', 'libs/testing/**', '**/*.spec.ts', '**/*.int-spec.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // Tests poke at loosely shaped JSON (webhook payloads, raw rows) on purpose.
  { files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
