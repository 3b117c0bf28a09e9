-- build_state: what the last committed build included, so the next one can rebuild only what changed.
-- grain: one row (replaced by every build).
-- inputs: written by src/build/incremental-build.ts at the end of a build, in its transaction.
create table if not exists build_state (
    built_at                  timestamp not null,
    mode                      varchar not null,  -- 'full' or 'incremental'
    fingerprint               varchar not null,  -- sha256 of the build's SQL, parameters, price table and overrides: a change forces a full build
    last_file_id              integer,           -- ingested_files.file_id of the newest file the derived tables include
    raw_span_rows             bigint not null,   -- raw_spans rows then: a count that the new files and removed_traces do not explain forces a full build
    traces_rebuilt_since_full bigint not null    -- traces recomputed by incremental builds since the last full one
);
