-- changed_traces: traces with spans from files ingested after the last build. Their rows in the
-- link tables may change: new spans, a newer copy of a span, a root or session key arriving late.
-- grain: one row per trace_id. inputs: raw_spans. parameters: $last_file_id.
select distinct trace_id
from raw_spans
where file_id > $last_file_id
