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
//    "fcr": {method, window_s, match_reason, include_open, as_of, open_windows},
//    "input": {...}}
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

// spec: {csv_column: [expression over $ (the column), required, alias (default: column),
// value when the column is absent (default NULL)]}.
function select(columns, spec, file) {
  return Object.entries(spec).map(([name, [expr, required, alias, missing]]) => {
    const as = alias ?? name;
    if (columns.has(name)) return `${expr.replaceAll('$', `"${name}"`)} AS ${as}`;
    if (required) throw new Error(`${file}: required column '${name}' is missing`);
    return `${missing ?? 'NULL'} AS ${as}`;
  }).join(',\n  ');
}

const csv = (path) => `read_csv(${sqlString(path)}, header = true, all_varchar = true, ` +
  `quote = '"', escape = '"', strict_mode = true, parallel = true)`;
const text = ["nullif($, '')", false];
const us = (req, alias) => [`epoch_us(CAST(nullif($, '') AS TIMESTAMPTZ))`, req, alias];
const secs = (alias) => ["coalesce(CAST(nullif($, '') AS DECIMAL(18, 6)), 0)", false, alias, '0'];
const zero = (alias) => ['0', false, alias];
const num = ["CAST(nullif($, '') AS DOUBLE)", false];

// The contacts table c keeps only what the KPIs need: cust, seg, reason (NULL when empty),
// inbound (bool), arr/ans/ende (epoch µs), handle (talk + hold + acw, exact DECIMAL
// seconds, empty = 0), ab, tr (bool, empty = false), res (bool or NULL), qa (DOUBLE or NULL).
async function load(con, opts, profile) {
  await con.run(BOOL_MACRO);
  const cc = await columnsOf(con, opts.contacts);
  await con.run(`CREATE TABLE c AS SELECT cust, seg, inbound, reason, arr, ans, ende,
  CAST(talk + hold + acw AS DECIMAL(18, 6)) AS handle, ab, tr, res, qa
FROM (SELECT
  ${select(cc, {
    contact_id: ['NULL', true, 'unused'], customer_id: [...text, 'cust'], segment: [...text, 'seg'],
    direction: ["lower(trim($)) = 'inbound'", true, 'inbound'], reason: text,
    arrived_at: us(true, 'arr'), answered_at: us(false, 'ans'), ended_at: us(true, 'ende'),
    talk_s: secs('talk'), hold_s: secs('hold'), acw_s: secs('acw'),
    abandoned: ['coalesce(kbool($), false)', false, 'ab'],
    transferred: ['coalesce(kbool($), false)', false, 'tr'],
    resolved: ['kbool($)', false, 'res'], qa_score: [...num, 'qa'],
  }, opts.contacts)}
FROM ${csv(opts.contacts)})`);
  profile('contacts loaded');
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
  profile('other files loaded');
}

const WINDOW_US = 7n * 86400n * 1000000n;  // FCR window, 7 days
const SL_T_US = 20n * 1000000n;            // service-level threshold, 20 s
const HANDLED = '(ans IS NOT NULL AND NOT ab)';  // answered and not abandoned

// One pass over the contacts for everything but FCR and contact rate.
const CONTACT_SQL = `
SELECT
  sum(qa) AS ccqs_num, count(qa) AS ccqs_den,
  CAST(sum(handle) FILTER (WHERE ${HANDLED}) AS DOUBLE) AS aht_num,
  count(*) FILTER (WHERE ${HANDLED}) AS aht_den,
  count(*) FILTER (WHERE inbound AND ${HANDLED} AND ans - arr <= ${SL_T_US}) AS sl_num,
  count(*) FILTER (WHERE inbound AND (ab OR ${HANDLED})) AS sl_den,
  count(*) FILTER (WHERE inbound AND ab) AS ab_num,
  count(*) FILTER (WHERE inbound) AS ab_den,
  count(*) FILTER (WHERE ${HANDLED} AND tr) AS tr_num,
  count(*) FILTER (WHERE ${HANDLED}) AS tr_den,
  max(greatest(arr, coalesce(ans, arr), ende)) AS as_of_us
FROM c`;

// FCR, repeat window. For each inbound contact, the first arrival strictly later (RANGE
// from 1 µs FOLLOWING) of another inbound contact of the same customer: of any reason, of
// an unknown reason, of the same reason. A handled candidate is repeated when the one that
// applies (any, if its own reason is unknown; else same or unknown) is <= ended_at + 7 d:
// the same as "there exists such a contact", without a self-join.
const fcrSql = (asOf) => `
WITH inb AS (SELECT cust, reason, arr, ende, ${HANDLED} AS handled, tr, res FROM c WHERE inbound),
nx AS (
  SELECT handled, tr, res, ende,
    CASE WHEN cust IS NULL THEN false
         WHEN reason IS NULL THEN coalesce(next_any <= ende + ${WINDOW_US}, false)
         ELSE coalesce(next_same <= ende + ${WINDOW_US}, false)
              OR coalesce(next_unknown <= ende + ${WINDOW_US}, false) END AS repeated
  FROM (SELECT *,
    min(arr) OVER (PARTITION BY cust ORDER BY arr
                   RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_any,
    min(CASE WHEN reason IS NULL THEN arr END) OVER (PARTITION BY cust ORDER BY arr
                   RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_unknown,
    min(arr) OVER (PARTITION BY cust, reason ORDER BY arr
                   RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_same
    FROM inb))
SELECT
  count(*) FILTER (WHERE handled AND ende + ${WINDOW_US} <= ${asOf}) AS fcr_den,
  count(*) FILTER (WHERE handled AND ende + ${WINDOW_US} <= ${asOf}
                   AND NOT tr AND res IS DISTINCT FROM false AND NOT repeated) AS fcr_num,
  count(*) FILTER (WHERE handled AND ende + ${WINDOW_US} > ${asOf}) AS fcr_open
FROM nx`;

const SURVEY_SQL = `
SELECT
  (SELECT sum(quality) FROM i) AS cqis_num, (SELECT count(quality) FROM i) AS cqis_den,
  count(*) FILTER (WHERE csat BETWEEN 4 AND 5) AS csat_num,
  count(*) FILTER (WHERE csat BETWEEN 1 AND 5) AS csat_den,
  count(*) FILTER (WHERE nps BETWEEN 9 AND 10) - count(*) FILTER (WHERE nps BETWEEN 0 AND 6) AS nps_num,
  count(*) FILTER (WHERE nps BETWEEN 0 AND 10) AS nps_den,
  sum(ces) FILTER (WHERE ces BETWEEN 1 AND 7) AS ces_num,
  count(*) FILTER (WHERE ces BETWEEN 1 AND 7) AS ces_den
FROM s`;

// Contact rate: each segments.csv row sizes its segment for its period ('' = all time;
// YYYY-MM, YYYY-MM-DD or YYYY-Www, UTC); a segment pools its rows: Σ inbound contacts
// matched to a row ÷ Σ customers × 100.
const CONTACT_RATE_SQL = `
WITH days AS (
  SELECT seg AS segment, make_timestamp(arr // 86400000000 * 86400000000) AS t, count(*) AS n
  FROM c WHERE inbound AND seg IS NOT NULL GROUP BY ALL),
keyed AS (
  SELECT segment, strftime(t, '%Y-%m') AS m, strftime(t, '%Y-%m-%d') AS d,
         CAST(isoyear(t) AS VARCHAR) || '-W' || lpad(CAST(week(t) AS VARCHAR), 2, '0') AS w, n
  FROM days),
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

// Epoch microseconds as ISO-8601 UTC, fraction only when there is one.
function isoUtc(us) {
  const seconds = us / 1000000n - (us % 1000000n < 0n ? 1n : 0n);
  const frac = us - seconds * 1000000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}${frac === 0n ? '' : `.${String(frac).padStart(6, '0')}`}Z`;
}

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
  const t0 = performance.now();
  const profile = (what) => {
    if (process.env.KPIS_PROFILE) {
      process.stderr.write(`kpis.mjs: ${what} at ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
    }
  };
  await load(con, opts, profile);
  const one = async (sql) => (await con.runAndReadAll(sql)).getRowObjects()[0];
  const k = await one(CONTACT_SQL);
  profile('contact KPIs');
  const f = k.as_of_us === null ? {} : await one(fcrSql(k.as_of_us));
  profile('FCR');
  const v = await one(SURVEY_SQL);
  const kpis = {
    ccqs: result(k.ccqs_num, k.ccqs_den, 'score'),
    cqis: result(v.cqis_num, v.cqis_den, 'score'),
    contact_rate: {},
    fcr: result(f.fcr_num, f.fcr_den, 'percent', 100),
    aht: result(k.aht_num, k.aht_den, 'seconds'),
    service_level: result(k.sl_num, k.sl_den, 'percent', 100),
    abandon_rate: result(k.ab_num, k.ab_den, 'percent', 100),
    transfer_rate: result(k.tr_num, k.tr_den, 'percent', 100),
    csat: result(v.csat_num, v.csat_den, 'percent', 100),
    nps: result(v.nps_num, v.nps_den, 'score', 100),
    ces: result(v.ces_num, v.ces_den, 'score'),
  };
  for (const row of (await con.runAndReadAll(CONTACT_RATE_SQL)).getRowObjects()) {
    kpis.contact_rate[String(row.segment)] = result(row.num, row.den, 'percent', 100);
  }
  const count = async (t) => n((await con.runAndReadAll(`SELECT count(*) AS n FROM ${t}`))
    .getRowObjects()[0].n);
  const asOf = k.as_of_us === null ? null : isoUtc(BigInt(k.as_of_us));
  profile('contact rate, surveys');
  const out = {
    kpis,
    fcr: {
      method: 'repeat-window', window_s: Number(WINDOW_US / 1000000n), match_reason: true,
      include_open: false, as_of: asOf, open_windows: n(f.fcr_open),
    },
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
