-- model_call_costs: what each model call cost, priced at the call's own date, with provenance.
-- grain: one row per model-call span (spans.is_model_call), each counted once.
-- inputs: spans, model_prices.
with

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
        recorded_cost_usd
    from spans
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
        (
            greatest(c.input_tokens - c.cache_read_tokens - c.cache_write_tokens, 0) * p.input_mtok
            + c.cache_read_tokens * coalesce(p.cache_read_mtok, p.input_mtok)
            + c.cache_write_tokens * coalesce(p.cache_write_mtok, p.input_mtok)
            + c.output_tokens * p.output_mtok
        ) / 1e6 as cost_usd
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
        cost_usd,                             -- null when the model has no price: never 0
        cost_usd is not null as is_priced,
        coalesce(price_source, 'unpriced') as price_source,
        price_model_id,
        price_valid_from,
        recorded_cost_usd                     -- what the instrumentation itself recorded, if anything
    from priced
)

select * from final
