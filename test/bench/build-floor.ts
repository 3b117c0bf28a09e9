/**
 * What no build of a database can beat on this machine, measured in a child process of a
 * benchmark so its time is its own: DuckDB storing the rows of the tables a build stores (its
 * plan's 'table' and 'computed' steps, views excluded), already computed. Prints one JSON line:
 * {ms, cpu_ms, peak_rss_mb, rows}.
 *
 *   store <built-db> <out-db>   copies the built database's derived tables into memory (untimed),
 *                               then times creating them in a fresh database file in one
 *                               transaction, committed and checkpointed, on two threads with
 *                               memory to spare (never spilling), with the compression methods a
 *                               build uses. Computing the rows is not timed:
 *                               this is the cost of keeping what a build keeps, with no query at all.
 *
 * peak_rss_mb includes the in-memory copy and is no floor of anything.
 */
import path from 'node:path';
import { openDatabase } from '../../src/db/open-database.js';
import { quoteIdentifier } from '../../src/db/run-query-file.js';
import { BUILD_PLAN } from '../../src/build/plan.js';
import { compressAsBuild } from '../../src/build/build-tables.js';
import { quoteLiteral } from '../../src/inspect/quote-literal.js';

/** The tables a build stores (its plan's steps that are not views). */
const STORED_TABLES = BUILD_PLAN.filter((p) => p.kind !== 'view').map((p) => path.basename(p.file, '.sql'));

async function store(builtDb: string, outDb: string): Promise<void> {
  // a limit far above a build's 512 MB: the copy stays in memory, and storing never spills (a
  // lower limit could only make storing slower, and the floor higher than it is)
  const db = await openDatabase(':memory:', { memoryLimit: '16GB', threads: 2 });
  const connection = await db.connect();
  await connection.run(`attach ${quoteLiteral(builtDb)} as built (read_only)`);
  let rows = 0;
  for (const table of STORED_TABLES) {
    const t = quoteIdentifier(table);
    await connection.run(`create table memory.main.${t} as select * from built.main.${t}`);
    rows += Number((await connection.runAndReadAll(`select count(*) from memory.main.${t}`)).getRows()[0]![0]);
  }
  await connection.run('detach built');
  await connection.run(`attach ${quoteLiteral(outDb)} as out`);
  // compressed as a build compresses them
  await compressAsBuild(connection);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await connection.run('begin transaction');
  for (const table of STORED_TABLES) {
    const t = quoteIdentifier(table);
    await connection.run(`create table out.main.${t} as select * from memory.main.${t}`);
  }
  await connection.run('commit');
  await connection.run('checkpoint out');
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({ ms: performance.now() - started, cpu_ms: (used.user + used.system) / 1000, peak_rss_mb: process.resourceUsage().maxRSS / 1024, rows }) + '\n',
  );
  connection.closeSync();
  db.close();
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'store' && args.length === 2) await store(args[0]!, args[1]!);
else throw new Error('usage: build-floor.js store <built-db> <out-db>');
