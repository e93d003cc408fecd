/**
 * The ZIP code centroids (src/graphql/near.ts) written into postal_code_centroid, with the reference data at every
 * start and by `npm run reference` (not by the seed, which the tests run on every fresh database: a full load costs
 * about 1.5 s there, 42,249 rows and the package read). A table that already holds exactly the package's count of
 * codes is left alone after one count, without reading the package (about 170 ms). Otherwise
 * the table is made equal to the package in one statement each: codes missing added, positions that differ updated,
 * codes the package no longer has removed.
 */
import type { Client } from 'pg';
import { postalCentroids } from '../../graphql/postal-codes';

/** How many codes the pinned zipcodes package places (test/near.test.ts checks it against the package). */
export const POSTAL_CODE_CENTROIDS = 42249;

/** Rows added, updated and removed; all 0 when the table was already complete. */
export interface PostalCodeLoad {
  added: number;
  updated: number;
  removed: number;
}

export async function loadPostalCodes(client: Pick<Client, 'query'>): Promise<PostalCodeLoad> {
  const { rows } = await client.query<{ count: number }>('select count(*)::int as count from postal_code_centroid');
  if (rows[0].count === POSTAL_CODE_CENTROIDS) return { added: 0, updated: 0, removed: 0 };
  const centroids = [...postalCentroids().values()];
  const params = [centroids.map((c) => c.postalCode), centroids.map((c) => c.latitude), centroids.map((c) => c.longitude), centroids.map((c) => c.state)];
  // counted in the statement: 42,000 rows returned would cost more than writing them
  const { rows: [written] } = await client.query<{ added: number; updated: number }>(
    `with written as (
       insert into postal_code_centroid as t (postal_code, latitude, longitude, state)
       select * from unnest($1::varchar[], $2::float8[], $3::float8[], $4::varchar[])
       on conflict (postal_code) do update set latitude = excluded.latitude, longitude = excluded.longitude, state = excluded.state
         where (t.latitude, t.longitude, t.state) is distinct from (excluded.latitude, excluded.longitude, excluded.state)
       returning (xmax = 0) as added
     )
     select (count(*) filter (where added))::int as added, (count(*) filter (where not added))::int as updated from written`,
    params,
  );
  const removed = await client.query(
    'delete from postal_code_centroid t where not exists (select 1 from unnest($1::varchar[]) as kept(code) where kept.code = t.postal_code)',
    [params[0]],
  );
  return { added: written.added, updated: written.updated, removed: removed.rowCount ?? 0 };
}
