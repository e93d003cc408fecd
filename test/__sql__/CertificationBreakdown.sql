-- 3 statements (sorted)

select s."k0", s."k1", s."k2", s."count", case when s."count" is not null then s."m0" end as "m0", case when s."count" is not null then s."m1" end as "m1" from (select t."jurisdiction_id" as "k0", t."credential_type_id" as "k1", t."status" as "k2", case when true or count(*)::int = 0 or count(*)::int > 10 then count(*)::int end as "count", to_char(min(t."issued_on")::timestamp, 'YYYY-MM-DD') as "m0", to_char(max(t."expires_on")::timestamp, 'YYYY-MM-DD') as "m1" from "certification" t group by t."jurisdiction_id", t."credential_type_id", t."status") s order by s."k0" asc nulls last, s."k1" asc nulls last, s."k2" asc nulls last limit ?;

select t0."id" as "id", t0."code" as "code" from "jurisdiction" t0 where true and t0."id" = any(?::int[]);

select t1."id" as "id", t1."code" as "code", t1."name" as "name" from "credential_type" t1 where true and t1."id" = any(?::int[]);
