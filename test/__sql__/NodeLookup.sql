-- 1 statements (sorted)

select t0."id" as "id", t0."credential_number" as "credentialNumber", t0."status" as "status" from "certification" t0 where true and t0."id" = any(?::int[]);
