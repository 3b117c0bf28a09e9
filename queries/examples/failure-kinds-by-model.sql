-- Which failure kinds happen with which response model?
select
    last_response_model as model,
    failure_kind,
    count(*) as turns
from turns
where is_failed
group by all
order by turns desc
