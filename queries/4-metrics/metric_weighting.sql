-- metric_weighting: for each metric table, whether sampling weights (adjusted counts) were applied,
--                   from which sources, and whether weighted and unweighted turns were mixed.
-- grain: one row per metric table. Written by src/metrics/compute-metric-tables.ts.
-- inputs: turn_facts (weight_source).
create or replace table metric_weighting (
    table_name          varchar not null,
    turns               bigint not null,     -- turns the table reads
    weighted_turns      bigint not null,     -- turns whose weight came from ot=th, ot=p or a SampleRate attribute
    unweighted_turns    bigint not null,     -- turns with no sampling information (weight 1)
    weight_sources      varchar not null,    -- e.g. 'ot_th' or 'none, ot_th'
    is_weighted         boolean not null,
    has_mixed_sources   boolean not null     -- weighted and unweighted turns, or several sources, in one table
);
