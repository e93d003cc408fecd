-- 3 statements (sorted)

select count(*)::int as count from "employer" t where true and exists (select 1 from "jurisdiction" f1 where f1.id = t."jurisdiction_id" and f1."code" = ?);

select t."employer_id" as key, count(*)::int as count from "job_posting" t where t."employer_id" = any(?::int[]) and t."status" = ? group by t."employer_id";

select t."id" as "id", t."synthetic" as "synthetic", t."jurisdiction_id" as "jurisdictionId", t."name" as "name", t."kind" as "kind", t."city" as "city", t."postal_code" as "postalCode", t."website" as "website" from "employer" t where true and exists (select 1 from "jurisdiction" f1 where f1.id = t."jurisdiction_id" and f1."code" = ?) order by t."id" asc limit ?;
