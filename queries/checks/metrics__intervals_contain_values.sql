-- a rate's or mean's 95% interval (Wilson, t) must contain the value, and n must be positive.
-- Returns the violating rows. (Bootstrap intervals of differences are left out: a percentile
-- interval need not contain the point estimate.)
with

estimates as (
    select 'turn_quality' as table_name, metric, value, ci_low, ci_high, n from turn_quality
    union all
    select 'overall_rates', metric, value, ci_low, ci_high, n from overall_rates
    union all
    select 'growth_by_session_type', metric, value, ci_low, ci_high, n from growth_by_session_type
    union all
    select 'failure_prone_session_types', 'session_failure_rate', session_failure_rate, ci_low, ci_high, n from failure_prone_session_types
    union all
    select 'failure_kinds_by_type', failure_kind, rate, ci_low, ci_high, n from failure_kinds_by_type
)

select *
from estimates
where n <= 0
    or (ci_low is not null and value < ci_low - 1e-9)
    or (ci_high is not null and value > ci_high + 1e-9)
