#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// 1. Runs kpis.mjs (DuckDB SQL) and reference.mjs (plain JavaScript) on the hand-made
//    20-contact data set in this folder and compares both with expected.json, whose numbers
//    were worked out by hand (see README.md here).
// 2. Runs both on the 3000-contact sample in examples/data and compares them with each other.
//   node test/check.mjs      (or: npm test, from bench/duckdb)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const node = (script, args) => execFileSync(process.execPath, [script, ...args],
  { encoding: 'utf8', maxBuffer: 1 << 26 });
const files = (dir) => ['--contacts', join(dir, 'contacts.csv'),
  '--interactions', join(dir, 'interactions.csv'), '--surveys', join(dir, 'surveys.csv'),
  '--segments', join(dir, 'segments.csv')];
const tmp = mkdtempSync(join(tmpdir(), 'kpis-check-'));
const save = (name, text) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};
let failed = false;
const compare = (a, b) => {
  try {
    execFileSync(process.execPath, [join(here, '..', '..', 'compare.mjs'), a, b],
      { stdio: 'inherit' });
  } catch {
    failed = true;
  }
};

const expectedPath = join(here, 'expected.json');
compare(expectedPath, save('duckdb-tiny.json', node(join(here, '..', 'kpis.mjs'), files(here))));
compare(expectedPath, save('reference-tiny.json', node(join(here, 'reference.mjs'), [here])));

const sample = join(root, 'examples', 'data');
if (existsSync(join(sample, 'contacts.csv'))) {
  compare(save('reference-sample.json', node(join(here, 'reference.mjs'), [sample])),
    save('duckdb-sample.json', node(join(here, '..', 'kpis.mjs'), files(sample))));
}
process.stdout.write(failed ? 'check FAILED\n' : 'check passed\n');
process.exit(failed ? 1 : 0);
