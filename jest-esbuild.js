// Jest transform for the tools' TypeScript: esbuild strips the types and emits CommonJS, as tsx (esbuild too) does
// when the same code runs outside Jest. Types are not checked here: the typecheck step runs tsc on this code.
// ts-jest's transpiler (TypeScript's own, file by file) cost several times more CPU for the same output.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

// The compiler options esbuild reads (target, useDefineForClassFields, ...), from the tools' tsconfig.
const tsconfigFile = path.join(__dirname, 'tsconfig.tools.json');
const tsconfigText = fs.readFileSync(tsconfigFile, 'utf8');
const tsconfigRaw = { compilerOptions: JSON.parse(tsconfigText).compilerOptions };
const target = tsconfigRaw.compilerOptions.target.toLowerCase();
const ownSource = fs.readFileSync(__filename, 'utf8');

module.exports = {
    process(sourceText, sourcePath) {
        const result = esbuild.transformSync(sourceText, {
            loader: 'ts',
            format: 'cjs',
            target,
            platform: 'node',
            tsconfigRaw,
            sourcefile: sourcePath,
            sourcemap: 'external'
        });
        return { code: result.code, map: result.map };
    },
    // The cached output changes with the source, this transform, esbuild's version and the tsconfig.
    getCacheKey(sourceText, sourcePath, options) {
        return crypto
            .createHash('sha256')
            .update(sourceText)
            .update('\0')
            .update(sourcePath)
            .update('\0')
            .update(ownSource)
            .update('\0')
            .update(esbuild.version)
            .update('\0')
            .update(tsconfigText)
            .update('\0')
            .update(options.configString)
            .update(options.instrument ? '\0instrument' : '\0')
            .digest('hex');
    }
};
