/**
 * The invariant checks that run with every build (queries/checks): each returns exactly the rows
 * that break its invariant, and a build whose tables break one fails loudly and changes nothing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_OPTIONS, generate } from '../fixtures/generate.js';
import { ExportFileWriter } from '../fixtures/write-export.js';
import { query, runCli, tempDir } from '../helpers/run-cli.js';
import { CHECK_FILES } from '../../src/build/plan.js';
import { readQuery } from '../../src/db/run-query-file.js';

/** A built database of generated spans (two files, mixed families). */
function builtDatabase(): string {
  const dir = tempDir();
  const writers = [new ExportFileWriter(path.join(dir, 'a.jsonl'), 'json-lines', 'none'), new ExportFileWriter(path.join(dir, 'b.jsonl'), 'json-lines', 'none')];
  let i = 0;
  generate({ ...DEFAULT_OPTIONS, family: 'mixed', sessions: 12, seed: 5, batchSize: 20 }, (batch) => writers[i++ % 2]!.write(batch));
  writers.forEach((w) => w.close());
  const db = path.join(dir, 'db.duckdb');
  assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
  const build = runCli(['build', '--db', db]);
  assert.equal(build.code, 0, build.stderr);
  return db;
}

/** Returns the rows a check returns, as plain objects. */
async function violations(connection: DuckDBConnection, file: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(readQuery(file))).getRowObjectsJS() as Record<string, unknown>[];
}

/**
 * For each check: SQL that breaks its invariant for one key of the built tables ($key: a trace id,
 * or the first session's or user's id), and the column of the violating row that names that key.
 */
const BREAKS: Record<string, { key: string; tamper: string; names: string }> = {
  'checks/spans__unique_span_id.sql': {
    key: `select trace_id from spans where parent_span_id is null order by trace_id limit 1`,
    tamper: `insert into raw_spans select * from raw_spans where trace_id = $key and parent_span_id is null and is_current`,
    names: 'trace_id',
  },
  'checks/turns__unique_trace_id.sql': {
    key: `select min(trace_id) from turns`,
    tamper: `insert into turns select * from turns where trace_id = $key`,
    names: 'trace_id',
  },
  'checks/turns__every_trace_is_a_turn.sql': {
    key: `select min(trace_id) from turns`,
    tamper: `delete from turns where trace_id = $key`,
    names: 'trace_id',
  },
  'checks/turns__have_a_session.sql': {
    key: `select min(session_id) from turns`,
    tamper: `delete from sessions where session_id = $key`,
    names: 'session_id',
  },
  'checks/turns__model_call_tokens_match_spans.sql': {
    key: `select min(trace_id) from turns where model_call_count > 0`,
    tamper: `update turns set input_tokens = input_tokens + 1 where trace_id = $key`,
    names: 'trace_id',
  },
  'checks/turns__turn_index_is_dense.sql': {
    key: `select min(session_id) from turns`,
    tamper: `update turns set turn_index = turn_index + 1 where session_id = $key and turn_index = 1`,
    names: 'session_id',
  },
  'checks/sessions__tokens_match_turns.sql': {
    key: `select min(session_id) from sessions`,
    tamper: `update sessions set output_tokens = output_tokens + 1 where session_id = $key`,
    names: 'session_id',
  },
  'checks/users__totals_match_sessions.sql': {
    key: `select min(user_id) from users`,
    tamper: `update users set sessions = sessions + 1 where user_id = $key`,
    names: 'user_id',
  },
  'checks/turn_facts__one_row_per_turn.sql': {
    key: `select min(trace_id) from turn_facts`,
    tamper: `delete from turn_facts where trace_id = $key`,
    names: 'trace_id',
  },
  'checks/metrics__intervals_contain_values.sql': {
    key: `select min(metric) from overall_rates where ci_low is not null`,
    tamper: `update overall_rates set ci_low = value + 0.5 where metric = $key`,
    names: 'metric',
  },
};

describe('build checks', () => {
  let db: string;
  before(() => {
    db = builtDatabase();
  });

  it('cover every check file', () => {
    assert.deepEqual(Object.keys(BREAKS).sort(), [...CHECK_FILES].sort());
  });

  for (const file of CHECK_FILES) {
    it(`${path.basename(file, '.sql')} returns nothing on a good build and the key whose invariant was broken`, async () => {
      const instance = await DuckDBInstance.create(db);
      const connection = await instance.connect();
      try {
        assert.deepEqual(await violations(connection, file), []);
        const { key: keySql, tamper, names } = BREAKS[file]!;
        const key = String((await connection.runAndReadAll(keySql)).getRowsJS()[0]![0]);
        await connection.run('begin transaction');
        await connection.run(tamper, { key });
        const found = await violations(connection, file);
        await connection.run('rollback');
        assert.ok(found.length > 0, `${file} found nothing after: ${tamper}`);
        assert.ok(found.every((row) => String(row[names]) === key), `${file} returned ${JSON.stringify(found, (_, v) => (typeof v === 'bigint' ? Number(v) : v))}, expected only ${names} ${key}`);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    });
  }

  it('fail the build loudly (exit 1, naming the check) and leave every table as it was', async () => {
    const tables = `select (select count(*) from turns) as turns, (select sum(input_tokens) from turns) as input_tokens,
      (select count(*) from sessions) as sessions, (select built_at from build_state) as built_at`;
    const before = await query(db, tables);
    // two current copies of one root span: what a crash between loading a file and marking its
    // copies could leave behind, with the file already marked as deduplicated
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    const key = String((await connection.runAndReadAll(BREAKS['checks/spans__unique_span_id.sql']!.key)).getRowsJS()[0]![0]);
    await connection.run(BREAKS['checks/spans__unique_span_id.sql']!.tamper, { key });
    connection.closeSync();
    instance.closeSync();
    const r = runCli(['build', '--db', db, '--full']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /build checks failed, nothing was changed:\n\s+checks\/spans__unique_span_id\.sql: 1 violating rows/);
    assert.deepEqual(await query(db, tables), before);
  });
});
