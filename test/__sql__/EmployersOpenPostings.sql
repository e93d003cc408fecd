-- 2 statements (sorted)

select count(*)::int as count from "employer" t0 where true and exists (select 1 from "jurisdiction" f1 where f1.id = t0."jurisdiction_id" and f1."code" = ?);

select p0.*, (select count(*)::int from "job_posting" t1 where t1."employer_id" = p0."id" and ((t1."status" = 'OPEN' and (t1."valid_through" is null or t1."valid_through" >= date '2026-12-04')))) as "@openPostings#" from (select t0."id" as "id", t0."name" as "name", t0."city" as "city", t0."kind" as "kind" from "employer" t0 where true and exists (select 1 from "jurisdiction" f1 where f1.id = t0."jurisdiction_id" and f1."code" = ?) order by t0."id" asc limit ?) p0 order by p0."id" asc;
