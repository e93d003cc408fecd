-- 4 statements (sorted)

select t."id" as "id", t."code" as "code", t."name" as "name", t."fips_code" as "fipsCode", t."population" as "population", t."population_year" as "populationYear", t."sources" as "sources" from "jurisdiction" t where t.id = any(?::int[]);

select t."id" as "id", t."jurisdiction_id" as "jurisdictionId", t."certifying_body_id" as "certifyingBodyId", t."code" as "code", t."name" as "name", t."category" as "category", t."lived_experience_focus" as "livedExperienceFocus", t."provisional" as "provisional", t."sources" as "sources" from "credential_type" t where t.id = any(?::int[]);

select t."id" as "id", t."synthetic" as "synthetic", t."first_name" as "firstName", t."middle_name" as "middleName", t."last_name" as "lastName", t."email" as "email", t."phone" as "phone", t."birth_year" as "birthYear", t."jurisdiction_id" as "jurisdictionId", t."city" as "city", t."postal_code" as "postalCode", t."languages" as "languages", t."created_at" as "createdAt" from "peer_specialist" t where t.id = any(?::int[]);

select t."id" as "id", t."synthetic" as "synthetic", t."person_id" as "personId", t."credential_type_id" as "credentialTypeId", t."jurisdiction_id" as "jurisdictionId", t."credential_number" as "credentialNumber", t."status" as "status", t."first_issued_on" as "firstIssuedOn", t."issued_on" as "issuedOn", t."last_renewed_on" as "lastRenewedOn", t."expires_on" as "expiresOn", t."ce_due_on" as "ceDueOn", t."extensions_used" as "extensionsUsed", t."action_taken" as "actionTaken", t."source_name" as "sourceName", t."source_file" as "sourceFile", t."source_row" as "sourceRow", t."updated_at" as "updatedAt" from "certification" t where true order by t."id" asc limit ?;
