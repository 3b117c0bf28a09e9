-- changed_traces: traces with spans from files ingested after the last build, or that lost spans
-- since (to retention, or to a changed file read again). Their rows in the link tables may change:
-- new spans, a newer copy of a span, a root or session key arriving late, spans (or the whole
-- trace) gone.
-- Rows removed from a file no build has included (one ingested and superseded, or expired, since the
-- last build: e.g. a fully expired file still in the input folder, read and expired again each
-- night) never shaped a table, so their traces are not changed by it.
-- grain: one row per trace_id. inputs: raw_spans, removed_traces. parameters: $last_file_id.
select trace_id
from raw_spans
where file_id > $last_file_id

union

select trace_id
from removed_traces
where file_id <= $last_file_id
