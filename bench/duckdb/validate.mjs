#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Checks a data directory (contacts.csv, interactions.csv, surveys.csv, segments.csv)
// against the row rules of SPEC §1.2, independently of contactkpi, and prints a few
// realism statistics. Exit code 1 when any rule is broken.
//
//   node validate.mjs DIR

import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node validate.mjs DIR\n');
  process.exit(2);
}
const f = (name) => `read_csv('${dir}/${name}', header = true, all_varchar = true, ` +
  `quote = '"', escape = '"', strict_mode = true)`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`SET TimeZone = 'UTC'`);
const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();

await con.run(`CREATE TABLE c AS SELECT *,
  epoch_us(CAST(arrived_at AS TIMESTAMPTZ)) AS arr,
  epoch_us(CAST(nullif(answered_at, '') AS TIMESTAMPTZ)) AS ans,
  epoch_us(CAST(ended_at AS TIMESTAMPTZ)) AS ende
  FROM ${f('contacts.csv')}`);
await con.run(`CREATE TABLE i AS SELECT * FROM ${f('interactions.csv')}`);
await con.run(`CREATE TABLE s AS SELECT * FROM ${f('surveys.csv')}`);
await con.run(`CREATE TABLE g AS SELECT * FROM ${f('segments.csv')}`);

const bools = "('true', 'false', '1', '0', 'yes', 'no', 'y', 'n')";
const checks = {
  'contact_id missing': `SELECT count(*) FROM c WHERE coalesce(contact_id, '') = ''`,
  'contact_id duplicate': `SELECT count(*) - count(DISTINCT contact_id) FROM c`,
  'channel invalid': `SELECT count(*) FROM c WHERE channel NOT IN
     ('voice', 'chat', 'email', 'sms', 'social', 'video', 'other')`,
  'direction invalid': `SELECT count(*) FROM c WHERE direction NOT IN ('inbound', 'outbound')`,
  'arrived_at or ended_at missing': `SELECT count(*) FROM c WHERE arr IS NULL OR ende IS NULL`,
  'answered_at before arrived_at': `SELECT count(*) FROM c WHERE ans < arr`,
  'ended_at before arrived_at': `SELECT count(*) FROM c WHERE ende < arr`,
  'ended_at before answered_at': `SELECT count(*) FROM c WHERE ende < ans`,
  'abandoned and answered': `SELECT count(*) FROM c WHERE lower(abandoned) = 'true' AND ans IS NOT NULL`,
  'agent without answer': `SELECT count(*) FROM c WHERE ans IS NULL AND coalesce(agent_id, '') <> ''`,
  'negative or bad duration': `SELECT count(*) FROM c WHERE
     coalesce(TRY_CAST(nullif(talk_s, '') AS DOUBLE), 0) < 0 OR (talk_s <> '' AND TRY_CAST(talk_s AS DOUBLE) IS NULL)
     OR coalesce(TRY_CAST(nullif(hold_s, '') AS DOUBLE), 0) < 0 OR (hold_s <> '' AND TRY_CAST(hold_s AS DOUBLE) IS NULL)
     OR coalesce(TRY_CAST(nullif(acw_s, '') AS DOUBLE), 0) < 0 OR (acw_s <> '' AND TRY_CAST(acw_s AS DOUBLE) IS NULL)`,
  'bad boolean': `SELECT count(*) FROM c WHERE lower(abandoned) NOT IN ${bools}
     OR lower(transferred) NOT IN ${bools} OR (coalesce(resolved, '') <> '' AND lower(resolved) NOT IN ${bools})`,
  'qa_score out of range': `SELECT count(*) FROM c WHERE TRY_CAST(nullif(qa_score, '') AS DOUBLE) NOT BETWEEN 0 AND 100
     OR (qa_score <> '' AND TRY_CAST(qa_score AS DOUBLE) IS NULL)`,
  'interaction of unknown contact': `SELECT count(*) FROM i ANTI JOIN c USING (contact_id)`,
  'quality_score out of range': `SELECT count(*) FROM i WHERE
     TRY_CAST(nullif(quality_score, '') AS DOUBLE) NOT BETWEEN 0 AND 100`,
  'interaction legs do not add up': `SELECT count(*) FROM (SELECT contact_id,
       sum(CAST(talk_s AS DECIMAL(18, 6))) t, sum(CAST(hold_s AS DECIMAL(18, 6))) h,
       sum(CAST(acw_s AS DECIMAL(18, 6))) a FROM i GROUP BY contact_id) x JOIN c USING (contact_id)
     WHERE x.t <> CAST(c.talk_s AS DECIMAL(18, 6)) OR x.h <> CAST(c.hold_s AS DECIMAL(18, 6))
        OR x.a <> CAST(c.acw_s AS DECIMAL(18, 6))`,
  'survey score out of range': `SELECT count(*) FROM s WHERE
     TRY_CAST(nullif(csat, '') AS INTEGER) NOT BETWEEN 1 AND 5 OR
     TRY_CAST(nullif(nps, '') AS INTEGER) NOT BETWEEN 0 AND 10 OR
     TRY_CAST(nullif(ces, '') AS INTEGER) NOT BETWEEN 1 AND 7 OR
     (coalesce(resolved, '') <> '' AND lower(resolved) NOT IN ${bools})`,
  'survey of unknown contact': `SELECT count(*) FROM s WHERE coalesce(contact_id, '') <> ''
     AND contact_id NOT IN (SELECT contact_id FROM c)`,
  'segment customers invalid': `SELECT count(*) FROM g WHERE TRY_CAST(customers AS BIGINT) IS NULL
     OR CAST(customers AS BIGINT) < 0`,
};

let broken = 0;
for (const [name, sql] of Object.entries(checks)) {
  const n = Number(Object.values((await rows(sql))[0])[0]);
  if (n !== 0) {
    ++broken;
    process.stdout.write(`BROKEN ${name}: ${n} rows\n`);
  }
}

const W = 7n * 86400n * 1000000n;
const stats = await rows(`
WITH inb AS (SELECT contact_id, nullif(customer_id, '') AS cu, nullif(reason, '') AS reason, arr, ende
             FROM c WHERE direction = 'inbound'),
rep AS (SELECT DISTINCT k.contact_id FROM inb k JOIN inb r ON r.cu = k.cu
        AND r.arr > k.arr AND r.arr <= k.ende + ${W}
        AND (k.reason IS NULL OR r.reason IS NULL OR r.reason = k.reason))
SELECT (SELECT count(*) FROM c) AS contacts,
  round(100 * (SELECT count(*) FROM rep) / (SELECT count(*) FROM inb), 1) AS pct_inbound_with_repeat_7d,
  round(100 * avg(CAST(direction = 'outbound' AS INT)), 1) AS pct_outbound,
  round(100 * avg(CAST(lower(abandoned) = 'true' AS INT)) FILTER (WHERE direction = 'inbound'), 1) AS pct_abandoned,
  count(*) FILTER (WHERE lower(abandoned) = 'true' AND ende - arr < 5000000) AS short_abandons_under_5s,
  round(100 * avg(CAST(lower(transferred) = 'true' AS INT)) FILTER (WHERE ans IS NOT NULL), 1) AS pct_transferred,
  round(100 * avg(CAST(coalesce(qa_score, '') <> '' AS INT)), 1) AS pct_qa_scored,
  count(DISTINCT nullif(customer_id, '')) AS customers,
  (SELECT count(*) FROM i) AS interactions,
  (SELECT count(*) FROM s) AS surveys
FROM c`);
process.stdout.write(`${JSON.stringify(stats[0])}\n`);
process.stdout.write(broken === 0 ? 'all rows valid (SPEC §1.2)\n' : `${broken} rules broken\n`);
process.exit(broken === 0 ? 0 : 1);
