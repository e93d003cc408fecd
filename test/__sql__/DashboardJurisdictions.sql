-- 1 statements (sorted)

select t0."id" as "id", t0."code" as "code", t0."name" as "name", t0."population" as "population" from "jurisdiction" t0 where true order by t0."code", t0.id;
