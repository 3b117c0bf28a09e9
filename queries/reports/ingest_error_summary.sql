-- ingest_error_summary: what ingestion rejected or repaired, per kind and severity, with an example.
-- grain: one row per (kind, severity).
-- inputs: ingest_errors. parameters: $since, $until (on when the error was recorded).
select
    kind,
    severity,
    count(*) as errors,
    count(distinct path) as files,
    arg_min(path || coalesce(':' || line, coalesce(' @' || byte_offset, '')), recorded_at) as first_at,
    arg_min(message, recorded_at) as example
from ingest_errors
where cast(recorded_at as date) >= cast($since as date) and cast(recorded_at as date) < cast($until as date)
group by all
order by errors desc, kind
