-- 4 statements (sorted)

select count(*)::int as count from "employer" t where true and exists (select 1 from "jurisdiction" f1 where f1.id = t."jurisdiction_id" and f1."code" = ?);

select page.* from unnest(?::int[]) as parent(key) cross join lateral ( select t."id" as "id", t."synthetic" as "synthetic", t."employer_id" as "employerId", t."program_id" as "programId", t."jurisdiction_id" as "jurisdictionId", t."title" as "title", t."description" as "description", t."role" as "role", t."employment_type" as "employmentType", t."city" as "city", t."postal_code" as "postalCode", t."remote" as "remote", t."pay_min_cents" as "payMinCents", t."pay_max_cents" as "payMaxCents", t."pay_unit" as "payUnit", t."certification_requirement" as "certificationRequirement", t."supervision_provided" as "supervisionProvided", t."counts_toward_internship_hours" as "countsTowardInternshipHours", t."openings" as "openings", t."date_posted" as "datePosted", t."valid_through" as "validThrough", t."status" as "status", t."created_at" as "createdAt", t."updated_at" as "updatedAt" from "job_posting" t where t."employer_id" = parent.key and t."status" = ? order by t."id" asc limit ?) page;

select t."employer_id" as key, count(*)::int as count from "job_posting" t where t."employer_id" = any(?::int[]) and t."status" = ? group by t."employer_id";

select t."id" as "id", t."synthetic" as "synthetic", t."jurisdiction_id" as "jurisdictionId", t."name" as "name", t."kind" as "kind", t."city" as "city", t."postal_code" as "postalCode", t."website" as "website" from "employer" t where true and exists (select 1 from "jurisdiction" f1 where f1.id = t."jurisdiction_id" and f1."code" = ?) order by t."id" asc limit ?;
