/**
 * The baseline a user would write by hand: DuckDB's own `read_json` over the OTLP JSON Lines files,
 * unnested with SQL into one row per span. Run as a child process by ingest.bench so its peak RSS
 * is measured on its own. Prints one JSON line: {spans, ms, peak_rss_mb}.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [glob, dbPath] = process.argv.slice(2);
if (!glob || !dbPath) throw new Error('usage: duckdb-baseline <json-glob> <db>');

const sql = `
create or replace table baseline_spans as
with requests as (
    select unnest(resourceSpans) as rs
    from read_json($glob, format = 'newline_delimited', maximum_object_size = 1073741824)
),
scope_spans as (
    select rs.resource as resource, unnest(rs.scopeSpans) as ss from requests
),
spans as (
    select resource, ss.scope as scope, unnest(ss.spans) as s from scope_spans
)
select
    s.traceId as trace_id,
    s.spanId as span_id,
    s.parentSpanId as parent_span_id,
    s.name as name,
    s.kind as kind,
    cast(s.startTimeUnixNano as bigint) as start_time_unix_nano,
    cast(s.endTimeUnixNano as bigint) as end_time_unix_nano,
    s.status as status,
    s.attributes as attributes,
    s.events as events,
    resource.attributes as resource_attributes,
    scope.name as scope_name
from spans`;

const started = performance.now();
const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
await connection.run(sql, { glob });
const rows = await connection.runAndReadAll('select count(*) from baseline_spans');
const spans = Number(rows.getRows()[0]![0] as bigint);
const ms = performance.now() - started;
connection.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify({ spans, ms, peak_rss_mb: process.resourceUsage().maxRSS / 1024 }) + '\n');
