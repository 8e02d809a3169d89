// The official @neondatabase/serverless driver against the local Neon-protocol server, unchanged but
// for the endpoint. The Rust client runs the same cases (tests/tests/neon_conformance.rs); both must
// produce the expectations in cases.json.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { neon, neonConfig, NeonDbError } from "@neondatabase/serverless";

const cases = JSON.parse(readFileSync(new URL("./cases.json", import.meta.url), "utf8"));

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this with \`cargo xtask test\``);
  return value;
}

neonConfig.fetchEndpoint = () => env("CHAIRTIME_NEON_ENDPOINT");
const withDatabase = (name) => env("CHAIRTIME_DATABASE_URL").replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const database = `conformance_node_${process.pid}`;
let sql;

before(async () => {
  const admin = neon(withDatabase("postgres"));
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  sql = neon(withDatabase(database), { fullResults: true });
  for (const statement of cases.setup) await sql.query(statement);
});

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** The normal form of cases.json, from the driver's parsed values and the column's type. */
function normalise(value, oid) {
  if (value === null) return null;
  switch (oid) {
    case 20: case 1700: return String(value);
    case 700: case 701:
      return Number.isNaN(value) ? "NaN" : value === Infinity ? "Infinity" : value === -Infinity ? "-Infinity" : value;
    case 1082:
      return typeof value === "string" ? value
        : `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
    case 1184: return value.getTime();
    case 1016: return value.map((v) => (v === null ? null : String(v)));
    default: return value;
  }
}

function rows(result) {
  return result.rows.map((row) => result.fields.map((f) => normalise(row[f.name], f.dataTypeID)));
}

for (const c of cases.queries) {
  test(`query: ${c.name}`, async () => {
    assert.deepEqual(rows(await sql.query(c.sql, c.params)), c.expect);
  });
}

for (const c of cases.errors) {
  test(`error: ${c.name}`, async () => {
    if (c.setup) await sql.query(c.setup);
    await assert.rejects(sql.query(c.sql, c.params), (e) => {
      assert.ok(e instanceof NeonDbError, `a NeonDbError, got ${e}`);
      assert.equal(e.code, c.code);
      assert.equal(e.constraint ?? null, c.constraint);
      assert.ok(e.message.length > 0);
      return true;
    });
  });
}

for (const c of cases.batches) {
  test(`batch: ${c.name}`, async () => {
    const run = sql.transaction(
      (tx) => c.queries.map((q) => tx.query(q.sql, q.params)),
      { isolationLevel: "Serializable", fullResults: true },
    );
    if (c.code) {
      await assert.rejects(run, (e) => e instanceof NeonDbError && e.code === c.code);
      assert.deepEqual(rows(await sql.query(c.check.sql, c.check.params)), c.check.expect);
    } else {
      assert.deepEqual((await run).map(rows), c.expect);
    }
  });
}

test("a read-only batch refuses writes", async () => {
  await assert.rejects(
    sql.transaction((tx) => [tx.query("INSERT INTO ledger (amount) VALUES (1)")], { readOnly: true }),
    (e) => e instanceof NeonDbError && e.code === "25006",
  );
});

test("session state does not leak between requests", async () => {
  await sql.query("SET statement_timeout = '1234ms'");
  for (let i = 0; i < 4; i++) {
    const result = await sql.query("SHOW statement_timeout");
    assert.notEqual(result.rows[0].statement_timeout, "1234ms");
  }
});
