#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Compares two KPI reports shaped like `contactkpi report --format json` (SPEC §4):
//   node compare.mjs EXPECTED.json ACTUAL.json [--rel 1e-9]
// For every KPI id in either `kpis` (and every segment of `contact_rate`, which may sit in
// `kpis` or at the top level): numerator and denominator must be exactly equal when both
// are whole numbers (counts), otherwise (sums of decimals) and for `value` equal within the
// relative tolerance; null only equals null. Prints every difference; exit code 1 if any.

import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let rel = 1e-9;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--rel') rel = Number(args[++i]);
  else files.push(args[i]);
}
if (files.length !== 2 || !(rel >= 0)) {
  process.stderr.write('usage: node compare.mjs EXPECTED.json ACTUAL.json [--rel 1e-9]\n');
  process.exit(2);
}

function load(path) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    process.stderr.write(`compare.mjs: ${path}: ${e.message}\n`);
    process.exit(2);
  }
  if (!doc || typeof doc.kpis !== 'object') {
    process.stderr.write(`compare.mjs: ${path}: no "kpis" object\n`);
    process.exit(2);
  }
  const flat = new Map();
  for (const [id, r] of Object.entries(doc.kpis)) {
    if (id !== 'contact_rate') flat.set(id, r);
  }
  const rates = doc.kpis.contact_rate ?? doc.contact_rate ?? {};
  for (const [segment, r] of Object.entries(rates)) flat.set(`contact_rate[${segment}]`, r);
  return flat;
}

const close = (a, b) => {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
};
const closeValue = (a, b) => {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
};

const [expected, actual] = files.map(load);
const problems = [];
for (const id of new Set([...expected.keys(), ...actual.keys()])) {
  const e = expected.get(id);
  const a = actual.get(id);
  if (!e || !a) {
    problems.push(`${id}: only in ${e ? files[0] : files[1]}`);
    continue;
  }
  for (const field of ['numerator', 'denominator']) {
    if (!close(e[field], a[field])) problems.push(`${id}.${field}: ${e[field]} != ${a[field]}`);
  }
  if (!closeValue(e.value, a.value)) problems.push(`${id}.value: ${e.value} != ${a.value}`);
}
if (problems.length > 0) {
  process.stdout.write(`MISMATCH between ${files[0]} and ${files[1]}:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`match: ${expected.size} KPI results agree (${files[0]} vs ${files[1]})\n`);
