-- build_memory: the DuckDB memory limit this database's builds needed after running out of the
-- default one (src/build/build-tables.ts); later builds of the same mode start there instead of
-- failing first. A whole build of a large history needs far more than an incremental one.
-- grain: at most one row per build_mode.
-- inputs: the build itself.
create table if not exists build_memory (
    bytes         bigint not null,    -- the limit the successful retry ran with
    ran_out_at    varchar not null,   -- the limit it ran out of, as DuckDB printed it (e.g. 488.2 MiB)
    recorded_at   timestamp not null,
    build_mode    varchar not null default 'full' -- full or incremental
);
-- a database from before build_mode: its row came from a whole build (incremental ones fit)
alter table build_memory add column if not exists build_mode varchar default 'full';
