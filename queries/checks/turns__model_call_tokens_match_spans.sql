-- turn token totals must equal the sum over their model-call spans (each call once). Returns mismatches.
with per_trace as (
    select trace_id, coalesce(sum(input_tokens), 0) as input_tokens, coalesce(sum(output_tokens), 0) as output_tokens
    from spans
    where is_model_call
    group by trace_id
)
select t.trace_id, t.input_tokens, p.input_tokens as span_input_tokens, t.output_tokens, p.output_tokens as span_output_tokens
from turns as t
join per_trace as p using (trace_id)
where t.input_tokens <> p.input_tokens or t.output_tokens <> p.output_tokens
