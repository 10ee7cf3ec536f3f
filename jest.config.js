// Two jest projects: the Lightning Web Components (sfdx-lwc-jest, TypeScript sources) and the Node tools.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
    projects: [
        {
            ...jestConfig,
            displayName: 'lwc',
            rootDir: __dirname,
            roots: ['<rootDir>/force-app'],
            modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
            testPathIgnorePatterns: ['/node_modules/'],
            // Compiled .js sits next to each .ts for deploy; tests and coverage use the TypeScript source.
            moduleFileExtensions: ['ts', 'js', 'html', 'css', 'json'],
            // Shared module mocks (as lwc-recipes' jest-mocks) and sa11y's toBeAccessible() matcher.
            moduleNameMapper: {
                '^@salesforce/apex$': '<rootDir>/force-app/test/jest-mocks/apex',
                '^lightning/confirm$': '<rootDir>/force-app/test/jest-mocks/lightning/confirm',
                '^lightning/actions$': '<rootDir>/force-app/test/jest-mocks/lightning/actions'
            },
            setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/force-app/test/jest-setup.ts'],
            collectCoverageFrom: ['force-app/**/lwc/**/*.ts', '!**/__tests__/**', '!**/*.d.ts']
        },
        {
            displayName: 'tools',
            rootDir: __dirname,
            testEnvironment: 'node',
            roots: ['<rootDir>/tools', '<rootDir>/scripts'],
            testMatch: ['**/*.test.ts'],
            testPathIgnorePatterns: ['/node_modules/', '/fixtures/'],
            // esbuild, as tsx: types are the typecheck step's business (see jest-esbuild.js).
            transform: { '^.+\\.ts$': '<rootDir>/jest-esbuild.js' }
        }
    ],
    // npm test runs steps side by side on a 2-core machine: a component's accessibility check or a package load can
    // take several seconds there, so jest's 5 s default fails tests that are correct. Hangs are still caught.
    testTimeout: 30_000,
    collectCoverageFrom: ['force-app/**/lwc/**/*.ts', '!**/__tests__/**', '!**/*.d.ts'],
    coverageDirectory: 'coverage/lwc',
    // --shard splits the files by their expected time, not by a hash of their path (see jest-sequencer.js).
    testSequencer: '<rootDir>/jest-sequencer.js'
};
