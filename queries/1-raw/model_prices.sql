-- model_prices: the per-token prices in force for each model on each day it was called, with provenance.
-- grain: one row per (provider, model, day) seen on a model-call span; written by `spanlens build`
--        from the user's override file first, then @pydantic/genai-prices (src/build/resolve-prices.ts).
-- inputs: spans (which models and days to price), the price sources.
create or replace table model_prices (
    provider          varchar not null,   -- '' when the span named none
    model             varchar not null,   -- the response model, else the request model
    day               date not null,
    input_mtok        double,             -- USD per million uncached input tokens; null = unpriced
    cache_read_mtok   double,             -- USD per million cache-read tokens
    cache_write_mtok  double,             -- USD per million cache-write tokens
    output_mtok       double,             -- USD per million output tokens (reasoning billed as output)
    price_source      varchar not null,   -- 'override:<file>', 'genai-prices <version>', or 'unpriced'
    price_model_id    varchar,            -- the entry that matched, e.g. 'gpt-4o'
    price_valid_from  date                -- start of the price period used, where the source dates it
);
