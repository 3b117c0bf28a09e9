-- raw_spans__mark_current: of each span's copies (the same trace_id and span_id in several files),
-- exactly one stays current (raw_spans.is_current): the copy from the newest file, then the first
-- line or byte offset in it. The `spans` view shows current copies only.
-- Run after every ingest and at the start of every build; it looks only at the spans of files not
-- yet deduplicated, so its cost grows with the new data, not with the history.
-- inputs: raw_spans, ingested_files.
update raw_spans set is_current = false
where rowid in (
    with

    pending_keys as (
        select distinct trace_id, span_id
        from raw_spans
        where file_id in (select file_id from ingested_files where not is_deduplicated)
    ),

    copies as (
        select r.rowid as raw_row, r.trace_id, r.span_id, r.file_id, r.source_line, r.source_offset
        from raw_spans as r
        semi join pending_keys as k on r.trace_id = k.trace_id and r.span_id = k.span_id
        where r.is_current
    ),

    ranked as (
        select
            raw_row,
            row_number() over (
                partition by trace_id, span_id
                order by file_id desc, source_line, source_offset
            ) as copy_rank
        from copies
    )

    select raw_row from ranked where copy_rank > 1
);

update ingested_files set is_deduplicated = true where not is_deduplicated;
