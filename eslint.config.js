// ESLint flat config: LWC rules for the TypeScript components, typescript-eslint for tools and scripts.
const globals = require('globals');
const tseslint = require('typescript-eslint');
const lwcRecommendedTs = require('@salesforce/eslint-config-lwc/recommended-ts');

module.exports = tseslint.config(
    {
        ignores: [
            'node_modules/**',
            'coverage/**',
            '.apexrt-cache/**',
            'force-app/main/default/lwc/**/*.js',
            '**/fixtures/**',
            'types/**/*.d.ts'
        ]
    },
    {
        files: ['force-app/main/default/lwc/**/*.ts'],
        extends: [lwcRecommendedTs, tseslint.configs.base, ...tseslint.configs.recommended],
        languageOptions: {
            parser: tseslint.parser,
            parserOptions: { ecmaVersion: 'latest', sourceType: 'module' }
        },
        rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] }
    },
    {
        files: ['force-app/main/default/lwc/**/__tests__/**/*.ts'],
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: {
            '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off',
            '@lwc/lwc/no-async-operation': 'off',
            '@typescript-eslint/no-explicit-any': 'off'
        }
    },
    {
        files: ['tools/**/*.ts', 'scripts/**/*.ts'],
        extends: [...tseslint.configs.recommended],
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: {
            // The interpreter and the emulator handle untyped JSON and Apex values by nature.
            '@typescript-eslint/no-explicit-any': 'off',
            '@typescript-eslint/no-require-imports': 'off',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
        }
    },
    {
        files: ['*.js'],
        languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
        extends: [...tseslint.configs.recommended],
        rules: { '@typescript-eslint/no-require-imports': 'off' }
    }
);
