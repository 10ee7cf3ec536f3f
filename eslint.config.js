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
        // The component tests' shared mocks and helpers (not deployed; .forceignore).
        files: ['force-app/test/**/*.ts'],
        extends: [tseslint.configs.base, ...tseslint.configs.recommended],
        languageOptions: { globals: { ...globals.node, ...globals.jest } }
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
        // apexrt's door is tools/apexrt/index.ts: code outside apexrt imports nothing else of it.
        files: ['tools/**/*.ts', 'scripts/**/*.ts'],
        ignores: ['tools/apexrt/**'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        {
                            group: ['**/apexrt/*', '!**/apexrt/index'],
                            message: "Import apexrt from its door, tools/apexrt/index.ts ('../apexrt')."
                        }
                    ]
                }
            ]
        }
    },
    {
        // apexrt's layers go one way: the type registry and compile-time checker know no platform and never build
        // an interpreter or a run (static typing reaches them through interpreter/typing-scope.ts).
        files: ['tools/apexrt/types/**/*.ts'],
        ignores: ['tools/apexrt/types/**/*.test.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        {
                            group: ['**/platform/*', '**/interpreter/interpreter', '**/interpreter/context'],
                            message: 'The checker stays below the interpreter and the platform (see typing-scope.ts).'
                        }
                    ]
                }
            ]
        }
    },
    {
        files: ['*.js'],
        languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
        extends: [...tseslint.configs.recommended],
        rules: { '@typescript-eslint/no-require-imports': 'off' }
    }
);
