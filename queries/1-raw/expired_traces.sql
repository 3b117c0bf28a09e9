-- expired_traces: the traces retention took spans from since the last build, so that build can
--                 recompute just their sessions (incremental/changed_traces.sql) instead of everything.
-- grain: one row per (trace_id, file_id) of each retention pass; emptied by every committed build.
-- inputs: raw_spans, written by src/run/expire-old-spans.ts in the transaction that deletes the spans.
create table if not exists expired_traces (
    trace_id varchar not null,
    file_id  integer not null,  -- the file the deleted rows came from
    raw_rows bigint not null    -- raw_spans rows deleted: the build checks its row count against them
);
