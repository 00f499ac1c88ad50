#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// A second, independent implementation of the default KPI set in plain JavaScript (no
// DuckDB, no SQL): a straight reading of SPEC §2, written for clarity, O(n²) in the FCR
// repeat search per customer, so meant for small files (the 20-row set here, the
// 3000-contact sample). Same output shape as kpis.mjs, so compare.mjs can check one
// against the other:
//   node test/reference.mjs DIR > ref.json   (DIR holds the four CSV files)

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// RFC 4180: quoted fields, "" escapes, commas and line breaks inside quotes, LF or CRLF.
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; ++i; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') ++i;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
}
const read = (dir, name) => (existsSync(join(dir, name))
  ? parseCsv(readFileSync(join(dir, name), 'utf8')) : []);

// Instants as BigInt microseconds since the epoch: 2026-03-02T10:15:00.5+01:00.
function instant(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) throw new Error(`bad timestamp '${s}'`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  let us = BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0'));
  if (m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1n : 1n;
    us -= sign * (BigInt(+m[8].slice(1, 3)) * 60n + BigInt(+m[8].slice(4, 6))) * 60000000n;
  }
  return us;
}
const bool = (s) => {
  const v = s.trim().toLowerCase();
  if (['true', '1', 'yes', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'n'].includes(v)) return false;
  return null;
};
// Decimal seconds to integer microseconds, exactly.
const micros = (s) => {
  if (s === '') return 0n;
  const [w, f = ''] = s.split('.');
  return BigInt(w) * 1000000n + BigInt(f.padEnd(6, '0'));
};
const result = (num, den, unit, scale = 1) => ({
  value: den === 0 ? null : (num / den) * scale, numerator: num, denominator: den, unit,
});

const dir = process.argv[2];
const contacts = read(dir, 'contacts.csv').map((r) => ({
  id: r.contact_id, customer: r.customer_id, segment: r.segment, reason: r.reason,
  inbound: r.direction === 'inbound',
  arr: instant(r.arrived_at), ans: r.answered_at ? instant(r.answered_at) : null,
  end: instant(r.ended_at), handle: micros(r.talk_s) + micros(r.hold_s) + micros(r.acw_s),
  abandoned: bool(r.abandoned) === true, transferred: bool(r.transferred) === true,
  resolved: bool(r.resolved), qa: r.qa_score === '' ? null : Number(r.qa_score),
}));
const interactions = read(dir, 'interactions.csv');
const surveys = read(dir, 'surveys.csv');
const segments = read(dir, 'segments.csv');

const handled = contacts.filter((c) => c.ans !== null && !c.abandoned);
const inbound = contacts.filter((c) => c.inbound);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

// FCR, repeat-window, 7 days, reasons must match when both known.
const W = 7n * 86400n * 1000000n;
let asOf = null;
for (const c of contacts) {
  for (const t of [c.arr, c.ans, c.end]) if (t !== null && (asOf === null || t > asOf)) asOf = t;
}
let fcrNum = 0;
let fcrDen = 0;
let open = 0;
for (const c of handled.filter((h) => h.inbound)) {
  if (c.end + W > asOf) { ++open; continue; }
  ++fcrDen;
  if (c.transferred || c.resolved === false) continue;
  const repeated = c.customer !== '' && inbound.some((r) => r.customer === c.customer
    && r.arr > c.arr && r.arr <= c.end + W
    && (c.reason === '' || r.reason === '' || r.reason === c.reason));
  if (!repeated) ++fcrNum;
}

const within = inbound.filter((c) => c.ans !== null && !c.abandoned && c.ans - c.arr <= 20000000n);
const answeredIn = inbound.filter((c) => c.ans !== null && !c.abandoned);
const abandonedIn = inbound.filter((c) => c.abandoned);

const qa = contacts.filter((c) => c.qa !== null).map((c) => c.qa);
const quality = interactions.filter((i) => (i.quality_score ?? '') !== '').map((i) => Number(i.quality_score));
const score = (key, lo, hi) => surveys.map((s) => s[key]).filter((v) => v !== '' && v !== undefined)
  .map(Number).filter((v) => Number.isInteger(v) && v >= lo && v <= hi);
const csat = score('csat', 1, 5);
const nps = score('nps', 0, 10);
const ces = score('ces', 1, 7);
const handleUs = handled.reduce((a, c) => a + c.handle, 0n);

// Contact rate: a segments row sizes its segment for its period (UTC); pooled per segment.
const utcKeys = (us) => {
  const d = new Date(Number(us / 1000n));
  const day = d.toISOString().slice(0, 10);
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = (t.getUTCDay() + 6) % 7;  // Monday = 0
  t.setUTCDate(t.getUTCDate() - dow + 3);  // the week's Thursday decides the ISO year
  const jan4 = new Date(Date.UTC(t.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((t - jan4) / 86400000 / 7 - ((jan4.getUTCDay() + 6) % 7 - 3) / 7);
  return [day.slice(0, 7), day, `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`];
};
const rate = {};
for (const g of segments) {
  const period = (g.period ?? '').trim();
  const n = inbound.filter((c) => c.segment !== '' && c.segment === g.segment
    && (period === '' || utcKeys(c.arr).includes(period))).length;
  rate[g.segment] ??= { num: 0, den: 0 };
  rate[g.segment].num += n;
  rate[g.segment].den += Number(g.customers);
}

const kpis = {
  ccqs: result(sum(qa), qa.length, 'score'),
  cqis: result(sum(quality), quality.length, 'score'),
  contact_rate: Object.fromEntries(Object.entries(rate).sort()
    .map(([s, r]) => [s, result(r.num, r.den, 'percent', 100)])),
  fcr: result(fcrNum, fcrDen, 'percent', 100),
  aht: result(Number(handleUs) / 1e6, handled.length, 'seconds'),
  service_level: result(within.length, answeredIn.length + abandonedIn.length, 'percent', 100),
  abandon_rate: result(abandonedIn.length, inbound.length, 'percent', 100),
  transfer_rate: result(handled.filter((c) => c.transferred).length, handled.length, 'percent', 100),
  csat: result(csat.filter((v) => v >= 4).length, csat.length, 'percent', 100),
  nps: result(nps.filter((v) => v >= 9).length - nps.filter((v) => v <= 6).length, nps.length,
    'score', 100),
  ces: result(sum(ces), ces.length, 'score'),
};
process.stdout.write(`${JSON.stringify({
  kpis,
  fcr: { as_of: asOf === null ? null : new Date(Number(asOf / 1000n)).toISOString(), open_windows: open },
}, null, 2)}\n`);
