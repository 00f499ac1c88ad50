#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Compares two KPI reports shaped like `contactkpi report --format json` (SPEC §4):
//   node compare.mjs EXPECTED.json ACTUAL.json [--rel 1e-9]
// For every KPI id in either `kpis` (and every segment of `contact_rate`, which may sit in
// `kpis` or at the top level): numerator and denominator must be exactly equal when both
// are whole numbers (counts), otherwise (sums of decimals) and for `value` equal within the
// relative tolerance; null only equals null. A KPI on one side only is a difference unless
// it is "no data" there (value null, 0 / 0). When both carry `fcr.open_windows` and
// `fcr.as_of`, those must agree too. Prints every difference; exit code 1 if any.

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
  flat.fcr = doc.fcr ?? {};
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
    // Absent and "no data" (value null, 0 / 0) say the same thing, e.g. an unsegmented
    // contact_rate entry that one tool lists and the other leaves out.
    const present = e ?? a;
    const noData = present.value === null && !present.numerator && !present.denominator;
    if (!noData) problems.push(`${id}: only in ${e ? files[0] : files[1]}`);
    continue;
  }
  for (const field of ['numerator', 'denominator']) {
    if (!close(e[field], a[field])) problems.push(`${id}.${field}: ${e[field]} != ${a[field]}`);
  }
  if (!closeValue(e.value, a.value)) problems.push(`${id}.value: ${e.value} != ${a.value}`);
}
// FCR bookkeeping, when both reports carry it: the as-of instant and the open windows.
const instantUs = (t) => {
  const m = /^(.{19})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(t ?? '');
  if (!m) return t;
  return BigInt(Date.parse(`${m[1]}${m[3]}`)) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6));
};
const [ef, af] = [expected.fcr, actual.fcr];
if (ef.open_windows !== undefined && af.open_windows !== undefined
    && ef.open_windows !== af.open_windows) {
  problems.push(`fcr open windows: ${ef.open_windows} != ${af.open_windows}`);
}
if (ef.as_of !== undefined && af.as_of !== undefined && instantUs(ef.as_of) !== instantUs(af.as_of)) {
  problems.push(`fcr as-of: ${ef.as_of} != ${af.as_of}`);
}
if (problems.length > 0) {
  process.stdout.write(`MISMATCH between ${files[0]} and ${files[1]}:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`match: ${expected.size} KPI results agree (${files[0]} vs ${files[1]})\n`);
