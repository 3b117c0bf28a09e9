-- removed_traces: the traces that lost raw spans since the last build, to retention or because the
--                 file they came from changed and was read again (its earlier rows superseded), so
--                 that build can recompute just their sessions (incremental/changed_traces.sql)
--                 instead of everything.
-- grain: one row per (trace_id, file_id, reason) of each removal; emptied by every committed build.
-- inputs: raw_spans, written in the transaction that deletes the rows: src/run/expire-old-spans.ts
--         (retention) and src/ingest/ingest-paths.ts (a changed file superseding its earlier version).
create table if not exists removed_traces (
    trace_id varchar not null,
    file_id  integer not null,  -- the file the deleted rows came from
    raw_rows bigint not null,   -- raw_spans rows deleted: the build checks its row count against them
    reason   varchar not null   -- retention, superseded
);
