-- 3 statements (sorted)

select page.* from unnest(?::int[]) as parent(key) cross join lateral ( select t."id" as "id", t."synthetic" as "synthetic", t."fund_id" as "fundId", t."applicant_id" as "applicantId", t."purpose" as "purpose", t."requested_cents" as "requestedCents", t."awarded_cents" as "awardedCents", t."status" as "status", t."submitted_at" as "submittedAt", t."reviewer" as "reviewer", t."decided_at" as "decidedAt", t."decision_reason" as "decisionReason", t."disbursed_at" as "disbursedAt" from "assistance_application" t where t."fund_id" = parent.key order by t."id" asc limit ?) page;

select t."id" as "id", t."code" as "code", t."name" as "name", t."fips_code" as "fipsCode", t."population" as "population", t."population_year" as "populationYear", t."sources" as "sources" from "jurisdiction" t where t.id = any(?::int[]);

select t."id" as "id", t."synthetic" as "synthetic", t."jurisdiction_id" as "jurisdictionId", t."sponsor" as "sponsor", t."name" as "name", t."purposes" as "purposes", t."fiscal_year" as "fiscalYear", t."budget_cents" as "budgetCents", t."committed_cents" as "committedCents", t."per_award_cap_cents" as "perAwardCapCents", t."opens_on" as "opensOn", t."closes_on" as "closesOn" from "assistance_fund" t where true order by t."id" asc limit ?;
