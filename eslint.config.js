import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Layering (DESIGN.md): core depends on no workspace package; libraries only on core; tools (the
 * simulator and benchmarks) on core and libraries; apps on anything below them. Terminal UI packages
 * stay out of core and the libraries. tools/workspace-checks proves the rule fires.
 */
const boundaries = {
  enforceBuildableLibDependency: false,
  allow: [],
  // Apps load workspace packages lazily to start fast (biopipe --help loads no schemas); that is not
  // code splitting, so a static import elsewhere in the same app is fine.
  checkDynamicDependenciesExceptions: ['@biopipe/**'],
  depConstraints: [
    {
      sourceTag: 'type:core',
      onlyDependOnLibsWithTags: ['type:core'],
      bannedExternalImports: ['ink', 'react', '@inquirer/*', 'commander', 'openai', '@anthropic-ai/sdk'],
    },
    {
      sourceTag: 'type:lib',
      onlyDependOnLibsWithTags: ['type:core'],
      bannedExternalImports: ['ink', 'react', '@inquirer/*', 'commander'],
    },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:core', 'type:lib', 'type:tool'] },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:lib', 'type:tool'] },
  ],
};

export default [
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', 'reports/**', 'logs/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/src/**/*.ts', '**/src/**/*.tsx'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries] },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: { 'no-console': 'error' },
  },
];
