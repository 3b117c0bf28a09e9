-- changed_traces: traces with spans from files ingested after the last build, or that lost spans
-- since (to retention, or to a changed file read again). Their rows in the link tables may change:
-- new spans, a newer copy of a span, a root or session key arriving late, spans (or the whole
-- trace) gone.
-- grain: one row per trace_id. inputs: raw_spans, removed_traces. parameters: $last_file_id.
select trace_id
from raw_spans
where file_id > $last_file_id

union

select trace_id
from removed_traces
