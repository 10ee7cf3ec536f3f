// Jest's shards, balanced: `--shard=i/n` splits the test files by a hash of their path, which put 575 s of the
// tools tests in one shard and 308 s in the other. This sequencer gives each file a weight (its seconds in a CI
// run, scripts/jest-shard-weights.json, or, for a file not listed, its size: a few seconds at most) and deals the
// files out heaviest first to the lightest shard. The weights come from checked-in data only, so every shard
// computes the same split: each file runs in exactly one shard. Order within a shard stays Jest's own.
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const weights = require('./scripts/jest-shard-weights.json');

/** Seconds a file's tests are expected to take (an unlisted file: one second per 5 kB of test source). */
function weight(test) {
    const known = weights[path.relative(__dirname, test.path).split(path.sep).join('/')];
    return known ?? fs.statSync(test.path).size / 5000;
}

class BalancedSequencer extends Sequencer {
    shard(tests, { shardIndex, shardCount }) {
        const sorted = tests
            .map((test) => ({ test, weight: weight(test) }))
            .sort(
                (a, b) => b.weight - a.weight || (a.test.path < b.test.path ? -1 : a.test.path > b.test.path ? 1 : 0)
            );
        const loads = new Array(shardCount).fill(0);
        const mine = [];
        for (const { test, weight: w } of sorted) {
            const lightest = loads.indexOf(Math.min(...loads));
            loads[lightest] += w;
            if (lightest === shardIndex - 1) mine.push(test);
        }
        return mine;
    }
}

module.exports = BalancedSequencer;
