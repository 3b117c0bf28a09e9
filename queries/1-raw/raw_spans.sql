-- raw_spans: every span read from an export file, as landed by `spanlens ingest`.
-- grain: one row per span occurrence (a span repeated in two files appears twice; `spans` dedupes).
-- inputs: export files (via src/ingest); columns must stay in the order of src/ingest/span-columns.ts.
create table if not exists raw_spans (
    ---------- provenance
    file_id                  integer not null,
    source_line              integer,          -- JSON: 1-based line of the record
    source_offset            bigint,           -- protobuf: byte offset of the message
    ---------- ids
    trace_id                 varchar not null, -- 32 lowercase hex digits
    span_id                  varchar not null, -- 16 lowercase hex digits
    parent_span_id           varchar,          -- null for a root span
    ---------- core
    name                     varchar not null,
    kind                     varchar not null, -- UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER
    start_time_unix_nano     bigint not null,
    end_time_unix_nano       bigint,
    duration_ms              double,
    status_code              varchar not null, -- UNSET, OK, ERROR
    status_message           varchar,
    trace_state              varchar,
    flags                    bigint,
    service_name             varchar,
    scope_name               varchar,
    scope_version            varchar,
    ---------- everything else the file carried
    attributes               json,
    resource_attributes      json,
    scope_attributes         json,
    events                   json,             -- [{time_unix_nano, name, attributes, dropped_attributes_count}]
    links                    json,             -- [{trace_id, span_id, trace_state, attributes, ...}]
    dropped_attributes_count integer,
    dropped_events_count     integer,
    dropped_links_count      integer,
    resource_schema_url      varchar,
    scope_schema_url         varchar,
    ---------- normalized GenAI (src/normalize)
    convention               varchar,
    operation                varchar,
    session_id               varchar,
    user_id                  varchar,
    provider                 varchar,
    request_model            varchar,
    response_model           varchar,
    input_tokens             bigint,           -- total input incl. cache reads and writes
    output_tokens            bigint,           -- incl. reasoning
    cache_read_tokens        bigint,
    cache_write_tokens       bigint,
    reasoning_tokens         bigint,
    total_tokens             bigint,
    usage_is_aggregate       boolean,          -- usage rolled up from child calls: don't sum it again
    finish_reasons           json,             -- ["stop"]
    temperature              double,
    tool_name                varchar,
    tool_call_id             varchar,
    error_type               varchar,
    prompt_text              varchar,
    completion_text          varchar,
    retrieval_documents      json,             -- [{id, score, content, metadata}]
    evaluations              json,             -- [{name, score, label, explanation, source}]
    recorded_cost_usd        double,
    agent_name               varchar,
    declared_session_type    varchar,          -- the first of the default session-type keys set on the span or its resource
    declared_sample_rate     double,           -- the first default sample-rate key (≥ 1) on the span or its resource
    ---------- maintained by ingest (queries/2-normalize/raw_spans__mark_current.sql)
    is_current               boolean not null default true -- false: a newer copy of this span exists
);
