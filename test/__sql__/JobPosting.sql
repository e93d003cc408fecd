-- 5 statements (sorted)

select t."id" as "id", t."code" as "code", t."name" as "name", t."fips_code" as "fipsCode", t."population" as "population", t."population_year" as "populationYear", t."sources" as "sources" from "jurisdiction" t where t.id = any(?::int[]);

select t."id" as "id", t."jurisdiction_id" as "jurisdictionId", t."certifying_body_id" as "certifyingBodyId", t."code" as "code", t."name" as "name", t."category" as "category", t."lived_experience_focus" as "livedExperienceFocus", t."provisional" as "provisional", t."sources" as "sources", p."job_posting_id" as "__from" from "job_posting_accepted_credential_type" p join "credential_type" t on t.id = p."credential_type_id" where p."job_posting_id" = any(?::int[]) order by t.id;

select t."id" as "id", t."synthetic" as "synthetic", t."employer_id" as "employerId", t."kind" as "kind", t."name" as "name", t."city" as "city", t."active" as "active" from "service_program" t where t.id = any(?::int[]);

select t."id" as "id", t."synthetic" as "synthetic", t."employer_id" as "employerId", t."program_id" as "programId", t."jurisdiction_id" as "jurisdictionId", t."title" as "title", t."description" as "description", t."role" as "role", t."employment_type" as "employmentType", t."city" as "city", t."postal_code" as "postalCode", t."remote" as "remote", t."pay_min_cents" as "payMinCents", t."pay_max_cents" as "payMaxCents", t."pay_unit" as "payUnit", t."certification_requirement" as "certificationRequirement", t."supervision_provided" as "supervisionProvided", t."counts_toward_internship_hours" as "countsTowardInternshipHours", t."openings" as "openings", t."date_posted" as "datePosted", t."valid_through" as "validThrough", t."status" as "status", t."created_at" as "createdAt", t."updated_at" as "updatedAt" from "job_posting" t where t.id = any(?::int[]);

select t."id" as "id", t."synthetic" as "synthetic", t."jurisdiction_id" as "jurisdictionId", t."name" as "name", t."kind" as "kind", t."city" as "city", t."postal_code" as "postalCode", t."website" as "website" from "employer" t where t.id = any(?::int[]);
