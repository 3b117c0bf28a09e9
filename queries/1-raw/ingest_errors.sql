-- ingest_errors: every rejected or altered record, with where it was found.
-- grain: one row per problem (a file may have many; line/byte locate it, record_path within the record).
-- inputs: export files (via src/ingest).
create table if not exists ingest_errors (
    file_id       integer,           -- null when the file could not be read at all
    path          varchar not null,
    line          integer,           -- 1-based, for JSON
    byte_offset   bigint,            -- for binary formats
    record_path   varchar,           -- e.g. resourceSpans[0].scopeSpans[0].spans[3]
    kind          varchar not null,  -- corrupt_json, truncated_stream, invalid_id, oversize_value, ...
    severity      varchar not null,  -- error (input rejected or altered) | warning (noted, nothing lost)
    message       varchar not null,
    recorded_at   timestamp not null
);
