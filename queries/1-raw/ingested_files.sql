-- ingested_files: the manifest of every file `spanlens ingest` has read.
-- grain: one row per (path, content hash) read; a file whose hash is already here is skipped.
-- inputs: export files (via src/ingest).
create sequence if not exists ingested_files_id_seq start 1;
create table if not exists ingested_files (
    file_id        integer primary key default nextval('ingested_files_id_seq'),
    path           varchar not null,
    size_bytes     bigint not null,
    modified_at    timestamp,         -- file mtime when read; unchanged path+size+mtime is skipped without reading
    content_sha256 varchar not null,
    format         varchar not null,  -- otlp-json-lines, otlp-json, otlp-proto-framed, otlp-json-framed, otlp-proto, unknown
    compression    varchar not null,  -- none, gzip, zstd
    span_count     bigint not null,
    error_count    integer not null,
    status         varchar not null,  -- ok, partial (some records rejected), rejected (nothing usable), superseded (the path was re-read after it changed)
    ingested_at    timestamp not null,
    duration_ms    double not null,
    is_deduplicated boolean not null default false -- its spans were ranked against other copies (raw_spans.is_current)
);
