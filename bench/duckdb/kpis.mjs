#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The default KPI set of SPEC §2 computed in DuckDB SQL: an independent implementation to
// check contactkpi against and the baseline of the benchmark (bench/run.sh).
//
//   node kpis.mjs --contacts F [--interactions F] [--surveys F] [--segments F]
//                 [--threads N] [--memory-limit 4GB]
//
// Prints one JSON object shaped like `contactkpi report --format json` (SPEC §4):
//   {"kpis": {"ccqs": {value, numerator, denominator, unit}, ...,
//             "contact_rate": {"<segment>": {value, numerator, denominator, unit}}},
//    "fcr_open_windows": n, "as_of": "...", "input": {...}}
// value is null when the denominator is 0. Timestamps are read as TIMESTAMPTZ and compared
// as instants (epoch microseconds); months are UTC months.

import { DuckDBInstance } from '@duckdb/node-api';

const usage = 'usage: node kpis.mjs --contacts F [--interactions F] [--surveys F] [--segments F] ' +
  '[--threads N] [--memory-limit SIZE]';

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const m = /^--(contacts|interactions|surveys|segments|threads|memory-limit)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument '${a}'\n${usage}`);
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value\n${usage}`);
    opts[m[1]] = v;
  }
  if (!opts.contacts) throw new Error(usage);
  return opts;
}

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;

// SPEC §1.1 booleans: true/false, 1/0, yes/no, y/n, case-insensitive; empty = unknown.
const BOOL_MACRO = `
CREATE MACRO kbool(x) AS CASE
  WHEN lower(trim(x)) IN ('true', '1', 'yes', 'y') THEN true
  WHEN lower(trim(x)) IN ('false', '0', 'no', 'n') THEN false
  ELSE NULL END;`;

// Reads a CSV with every column as text; `want` lists the columns we use with their SQL
// conversion; a missing optional column becomes NULL.
async function columnsOf(con, path) {
  const r = await con.runAndReadAll(
    `DESCRIBE SELECT * FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)`);
  return new Set(r.getRowObjects().map((row) => String(row.column_name)));
}

// spec: {csv_column: [expression over $ (the column), required, alias (default: column)]}.
function select(columns, spec, file) {
  return Object.entries(spec).map(([name, [expr, required, alias]]) => {
    const as = alias ?? name;
    if (columns.has(name)) return `${expr.replaceAll('$', `"${name}"`)} AS ${as}`;
    if (required) throw new Error(`${file}: required column '${name}' is missing`);
    return `NULL AS ${as}`;
  }).join(',\n  ');
}

const csv = (path) => `read_csv(${sqlString(path)}, header = true, all_varchar = true, ` +
  `quote = '"', escape = '"', strict_mode = true, parallel = true)`;
const text = ["nullif($, '')", false];
const us = (req, alias) => [`epoch_us(CAST(nullif($, '') AS TIMESTAMPTZ))`, req, alias];
const secs = (alias) => ["coalesce(CAST(nullif($, '') AS DECIMAL(18, 6)), 0)", false, alias];
const num = ["CAST(nullif($, '') AS DOUBLE)", false];

async function load(con, opts) {
  await con.run(BOOL_MACRO);
  const cc = await columnsOf(con, opts.contacts);
  await con.run(`CREATE TABLE c AS SELECT
  ${select(cc, {
    contact_id: ['$', true], customer_id: text, segment: text,
    channel: ['lower(trim($))', true], direction: ['lower(trim($))', true], reason: text,
    arrived_at: us(true, 'arr'), answered_at: us(false, 'ans'), ended_at: us(true, 'ende'),
    talk_s: secs('talk'), hold_s: secs('hold'), acw_s: secs('acw'),
    abandoned: ['coalesce(kbool($), false)', false, 'ab'],
    transferred: ['coalesce(kbool($), false)', false, 'tr'],
    resolved: ['kbool($)', false, 'res'], qa_score: [...num, 'qa'],
  }, opts.contacts)}
FROM ${csv(opts.contacts)}`);
  await con.run(`CREATE TABLE i (quality DOUBLE)`);
  if (opts.interactions) {
    const ic = await columnsOf(con, opts.interactions);
    await con.run(`INSERT INTO i SELECT ${select(ic, { quality_score: [...num, 'quality'] }, opts.interactions)}
FROM ${csv(opts.interactions)}`);
  }
  await con.run(`CREATE TABLE s (csat INTEGER, nps INTEGER, ces INTEGER)`);
  if (opts.surveys) {
    const sc = await columnsOf(con, opts.surveys);
    const int = ["CAST(nullif(trim($), '') AS INTEGER)", false];
    await con.run(`INSERT INTO s SELECT ${select(sc, { csat: int, nps: int, ces: int }, opts.surveys)}
FROM ${csv(opts.surveys)}`);
  }
  await con.run(`CREATE TABLE g (segment VARCHAR, period VARCHAR, customers BIGINT)`);
  if (opts.segments) {
    const gc = await columnsOf(con, opts.segments);
    await con.run(`INSERT INTO g SELECT ${select(gc, {
      segment: ["coalesce($, '')", true], period: ["coalesce(trim($), '')", false],
      customers: ["CAST($ AS BIGINT)", true],
    }, opts.segments)} FROM ${csv(opts.segments)}`);
  }
}

// The contacts table c has: customer_id, segment, channel, direction, reason (NULL when
// empty), arr/ans/ende (epoch µs), talk/hold/acw (DECIMAL seconds, empty = 0), ab, tr
// (bool, empty = false), res (bool or NULL), qa (DOUBLE or NULL).
const WINDOW_US = 7n * 86400n * 1000000n;  // FCR window, 7 days
const SL_T_US = 20n * 1000000n;            // service-level threshold, 20 s

const KPI_SQL = `
WITH
inb AS (SELECT * FROM c WHERE direction = 'inbound'),
handled AS (SELECT * FROM c WHERE ans IS NOT NULL AND NOT ab),
as_of_t AS (SELECT max(greatest(arr, coalesce(ans, arr), ende)) AS t FROM c),
-- FCR: handled inbound contacts whose window [ended_at, ended_at + 7 d] is over by as-of.
fcr_base AS (SELECT h.* FROM handled h WHERE h.direction = 'inbound'),
fcr_closed AS (SELECT b.* FROM fcr_base b, as_of_t WHERE b.ende + ${WINDOW_US} <= as_of_t.t),
fcr_cand AS (SELECT * FROM fcr_closed WHERE NOT tr AND res IS DISTINCT FROM false),
fcr_repeated AS (
  SELECT DISTINCT k.contact_id FROM fcr_cand k JOIN inb r ON r.customer_id = k.customer_id
  WHERE r.arr > k.arr AND r.arr <= k.ende + ${WINDOW_US}
    AND (k.reason IS NULL OR r.reason IS NULL OR r.reason = k.reason))
SELECT
  (SELECT sum(qa) FROM c WHERE qa IS NOT NULL) AS ccqs_num,
  (SELECT count(qa) FROM c) AS ccqs_den,
  (SELECT sum(quality) FROM i WHERE quality IS NOT NULL) AS cqis_num,
  (SELECT count(quality) FROM i) AS cqis_den,
  (SELECT count(*) FROM fcr_cand) - (SELECT count(*) FROM fcr_repeated) AS fcr_num,
  (SELECT count(*) FROM fcr_closed) AS fcr_den,
  (SELECT count(*) FROM fcr_base) - (SELECT count(*) FROM fcr_closed) AS fcr_open,
  (SELECT CAST(sum(talk + hold + acw) AS DOUBLE) FROM handled) AS aht_num,
  (SELECT count(*) FROM handled) AS aht_den,
  (SELECT count(*) FILTER (WHERE ans IS NOT NULL AND NOT ab AND ans - arr <= ${SL_T_US}) FROM inb) AS sl_num,
  (SELECT count(*) FILTER (WHERE ab OR ans IS NOT NULL) FROM inb) AS sl_den,
  (SELECT count(*) FILTER (WHERE ab) FROM inb) AS ab_num,
  (SELECT count(*) FROM inb) AS ab_den,
  (SELECT count(*) FILTER (WHERE tr) FROM handled) AS tr_num,
  (SELECT count(*) FROM handled) AS tr_den,
  (SELECT count(*) FILTER (WHERE csat >= 4) FROM s WHERE csat BETWEEN 1 AND 5) AS csat_num,
  (SELECT count(*) FROM s WHERE csat BETWEEN 1 AND 5) AS csat_den,
  (SELECT count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6) FROM s
     WHERE nps BETWEEN 0 AND 10) AS nps_num,
  (SELECT count(*) FROM s WHERE nps BETWEEN 0 AND 10) AS nps_den,
  (SELECT sum(ces) FROM s WHERE ces BETWEEN 1 AND 7) AS ces_num,
  (SELECT count(*) FROM s WHERE ces BETWEEN 1 AND 7) AS ces_den,
  (SELECT t FROM as_of_t) AS as_of_us
`;

// Contact rate: each segments.csv row sizes its segment for its period ('' = all time;
// YYYY-MM, YYYY-MM-DD or YYYY-Www, UTC); a segment pools its rows: Σ inbound contacts
// matched to a row ÷ Σ customers × 100.
const CONTACT_RATE_SQL = `
WITH ci AS (
  SELECT segment, make_timestamp(arr) AS t FROM c
  WHERE direction = 'inbound' AND segment IS NOT NULL),
keyed AS (
  SELECT segment, strftime(t, '%Y-%m') AS m, strftime(t, '%Y-%m-%d') AS d,
         CAST(isoyear(t) AS VARCHAR) || '-W' || lpad(CAST(week(t) AS VARCHAR), 2, '0') AS w,
         count(*) AS n
  FROM ci GROUP BY ALL),
rows AS (
  SELECT g.segment, g.period, g.customers,
    coalesce((SELECT sum(k.n) FROM keyed k WHERE k.segment = g.segment
              AND (g.period = '' OR g.period = k.m OR g.period = k.d OR g.period = k.w)), 0)
      AS contacts
  FROM g)
SELECT segment, CAST(sum(contacts) AS BIGINT) AS num, CAST(sum(customers) AS BIGINT) AS den
FROM rows GROUP BY segment ORDER BY segment
`;

const n = (x) => (x === null || x === undefined ? 0 : Number(x));

function result(num, den, unit, scale = 1) {
  const nu = n(num);
  const de = n(den);
  return { value: de === 0 ? null : (nu / de) * scale, numerator: nu, denominator: de, unit };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const instance = await DuckDBInstance.create(':memory:', {
    threads: opts.threads ?? String(Math.max(1, (await import('node:os')).availableParallelism())),
    ...(opts['memory-limit'] ? { memory_limit: opts['memory-limit'] } : {}),
  });
  const con = await instance.connect();
  await con.run(`SET TimeZone = 'UTC'`);
  await load(con, opts);

  const k = (await con.runAndReadAll(KPI_SQL)).getRowObjects()[0];
  const kpis = {
    ccqs: result(k.ccqs_num, k.ccqs_den, 'score'),
    cqis: result(k.cqis_num, k.cqis_den, 'score'),
    contact_rate: {},
    fcr: result(k.fcr_num, k.fcr_den, 'percent', 100),
    aht: result(k.aht_num, k.aht_den, 'seconds'),
    service_level: result(k.sl_num, k.sl_den, 'percent', 100),
    abandon_rate: result(k.ab_num, k.ab_den, 'percent', 100),
    transfer_rate: result(k.tr_num, k.tr_den, 'percent', 100),
    csat: result(k.csat_num, k.csat_den, 'percent', 100),
    nps: result(k.nps_num, k.nps_den, 'score', 100),
    ces: result(k.ces_num, k.ces_den, 'score'),
  };
  for (const row of (await con.runAndReadAll(CONTACT_RATE_SQL)).getRowObjects()) {
    kpis.contact_rate[String(row.segment)] = result(row.num, row.den, 'percent', 100);
  }
  const count = async (t) => n((await con.runAndReadAll(`SELECT count(*) AS n FROM ${t}`))
    .getRowObjects()[0].n);
  const asOf = k.as_of_us === null ? null
    : new Date(Number(BigInt(k.as_of_us) / 1000n)).toISOString();
  const out = {
    kpis,
    fcr_open_windows: n(k.fcr_open),
    as_of: asOf,
    input: {
      contacts: await count('c'),
      interactions: opts.interactions ? await count('i') : 0,
      surveys: opts.surveys ? await count('s') : 0,
      segments: opts.segments ? await count('g') : 0,
    },
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`kpis.mjs: ${e.message ?? e}\n`);
  process.exit(1);
});
