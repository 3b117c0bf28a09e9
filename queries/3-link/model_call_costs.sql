-- model_call_costs: what each model call cost, priced at the call's own date, with provenance.
-- grain: one row per model-call span (spans.is_model_call), each counted once.
-- inputs: spans, model_prices, span_failures.
with

-- the calls that failed: span_failures' llm_error rows (status ERROR, or a Langfuse level ERROR),
-- so the rule of what a failed call is lives in one place (3-link/span_failures.sql)
failed_calls as (
    select trace_id, span_id
    from span_failures
    where failure_kind = 'llm_error'
),

calls as (
    select
        trace_id,
        span_id,
        coalesce(provider, '') as provider,
        coalesce(response_model, request_model) as model,
        cast(started_at as date) as day,
        coalesce(input_tokens, 0) as input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_write_tokens, 0) as cache_write_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        -- a call that recorded no usage at all: when it failed (status ERROR, or a Langfuse level ERROR)
        -- it is taken as unbilled (cost 0: a provider error bills nothing); otherwise (a stream cut
        -- off, usage attributes dropped past an attribute-count limit) its cost is unknown, not 0
        input_tokens is not null or output_tokens is not null as has_usage,
        l.span_id is not null as is_error,
        recorded_cost_usd
    from spans
    left join failed_calls as l using (trace_id, span_id)
    where is_model_call
),

priced as (
    select
        c.*,
        p.price_source,
        p.price_model_id,
        p.price_valid_from,
        p.input_mtok,
        -- cache reads/writes are priced at their own rate and not again as input
        case when p.input_mtok is null then null when c.has_usage then (
            greatest(c.input_tokens - c.cache_read_tokens - c.cache_write_tokens, 0) * p.input_mtok
            + c.cache_read_tokens * coalesce(p.cache_read_mtok, p.input_mtok)
            + c.cache_write_tokens * coalesce(p.cache_write_mtok, p.input_mtok)
            + c.output_tokens * p.output_mtok
        ) / 1e6 when c.is_error then 0.0 end as cost_usd
    from calls as c
    left join model_prices as p
        on p.provider = c.provider and p.model = c.model and p.day = c.day
),

final as (
    select
        trace_id,
        span_id,
        provider,
        model,
        day,
        input_tokens,
        cache_read_tokens,
        cache_write_tokens,
        output_tokens,
        has_usage,                            -- false: the call recorded no token counts (tokens above are 0)
        is_error,                             -- the call failed (status ERROR, or Langfuse level ERROR)
        cost_usd,                             -- null when the model has no price, or a call that did not fail recorded no usage
        input_mtok is not null as is_priced,    -- the model has a price (model_prices.input_mtok null = unpriced)
        coalesce(price_source, 'unpriced') as price_source,
        price_model_id,
        price_valid_from,
        recorded_cost_usd                     -- what the instrumentation itself recorded, if anything
    from priced
)

select * from final
