-- build_memory: the DuckDB memory limit this database's build needed after running out of the
-- default one (src/build/build-tables.ts); later builds start there instead of failing first.
-- grain: at most one row.
-- inputs: the build itself.
create table if not exists build_memory (
    bytes         bigint not null,    -- the limit the successful retry ran with
    ran_out_at    varchar not null,   -- the limit it ran out of, as DuckDB printed it (e.g. 488.2 MiB)
    recorded_at   timestamp not null
);
