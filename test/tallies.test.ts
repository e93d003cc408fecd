/**
 * The summary tables the workforce figures count from (src/domain/metrics/tallies.ts) stay equal to a recount of
 * certification after every kind of write: the seed's bulk insert, inserts, updates of tallied and untallied
 * columns, deletes, a rolled-back transaction and a truncate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './kit';
import { CYCLES_TALLY, disagreement, TALLIES } from './tally-recount';

let hub: TestHub;

async function expectTalliesCurrent() {
  for (const [table, { tally, recount }] of Object.entries(TALLIES)) {
    expect(await disagreement(hub.sql, tally, recount), table).toEqual([]);
    // no tally row ever goes negative
    expect(await hub.sql(`select * from ${table} where certifications < 0`), table).toEqual([]);
  }
}

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
});
afterAll(() => hub?.close());

describe('the certification tallies', () => {
  it('are every tally the database holds, each with its recount', async () => {
    const tables = await hub.sql<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like '%\\_tally' order by 1`);
    expect(tables.map((t) => t.name)).toEqual(Object.keys(TALLIES).sort());
  });

  it('hold every seeded certification, in far fewer rows', async () => {
    await expectTalliesCurrent();
    const [{ sum, rows }] = await hub.sql<{ sum: number; rows: number }>('select sum(certifications)::int as sum, count(*)::int as rows from certification_cycle_tally');
    const [{ count }] = await hub.sql<{ count: number }>('select count(*)::int as count from certification');
    expect(sum).toBe(count);
    expect(rows).toBeLessThan(count);
  });

  it('follow inserts, updates and deletes', async () => {
    await hub.sql(`insert into certification (person_id, credential_type_id, jurisdiction_id, status, issued_on, expires_on, first_issued_on, source_name)
      select person_id, credential_type_id, jurisdiction_id, 'ACTIVE', date '2026-01-01', date '2028-01-01', date '2026-01-01', 'tally test'
      from certification order by id limit 25`);
    await expectTalliesCurrent();
    // tallied columns: status, dates, renewal
    await hub.sql(`update certification set status = 'IN_GRACE', expires_on = expires_on - 30 where id % 7 = 0 and expires_on - 30 >= issued_on`);
    await hub.sql(`update certification set last_renewed_on = issued_on + 3 where id % 11 = 0 and issued_on is not null`);
    await hub.sql(`update certification set credential_type_id = (select id from credential_type where code = 'RSPS')
      where credential_type_id = (select id from credential_type where code = 'MHPS') and id % 17 = 0`);
    // without dates a certification can hold only a status decisions set (certification_dated_expiry_check)
    await hub.sql(`update certification set first_issued_on = null, issued_on = null, expires_on = null, status = 'APPLIED' where id % 13 = 0`);
    await expectTalliesCurrent();
    // a column the tallies do not read: nothing changes, nothing is written twice
    const before = await hub.sql(`${CYCLES_TALLY} order by 1, 2, 3, 4, 5, 6, 7`);
    await hub.sql(`update certification set action_taken = 'noted' where id % 5 = 0`);
    expect(await hub.sql(`${CYCLES_TALLY} order by 1, 2, 3, 4, 5, 6, 7`)).toEqual(before);
    await hub.sql(`delete from certification where source_name = 'tally test'`);
    await expectTalliesCurrent();
  });

  it('stay exact under concurrent writers touching the same tally rows', async () => {
    // eight statements at once over the pool, each adding rows under the same keys and retiring others
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2
          ? hub.sql(`insert into certification (person_id, credential_type_id, jurisdiction_id, status, issued_on, expires_on, first_issued_on, source_name)
              select person_id, credential_type_id, jurisdiction_id, 'ACTIVE', date '2026-02-01', date '2028-02-01', date '2026-02-01', 'tally race'
              from certification where status = 'ACTIVE' order by id limit 40`)
          : hub.sql(`update certification set status = 'INACTIVE' where status = 'ACTIVE' and id % 8 = ${i}`),
      ),
    );
    await expectTalliesCurrent();
    await hub.sql(`delete from certification where source_name = 'tally race'`);
    await expectTalliesCurrent();
  });

  it('roll back with the write that changed them', async () => {
    const before = await hub.sql(`${CYCLES_TALLY} order by 1, 2, 3, 4, 5, 6, 7`);
    await expect(
      hub.orm.em.getConnection().transactional(async (trx) => {
        await hub.orm.em.getConnection().execute(`update certification set status = 'REVOKED' where id < 100`, [], 'run', trx);
        throw new Error('abandon the transaction');
      }),
    ).rejects.toThrow('abandon the transaction');
    expect(await hub.sql(`${CYCLES_TALLY} order by 1, 2, 3, 4, 5, 6, 7`)).toEqual(before);
    await expectTalliesCurrent();
  });

  it('empty with a truncate, and fill again with the seed', async () => {
    await hub.sql('truncate certification cascade');
    for (const table of Object.keys(TALLIES)) expect(await hub.sql(`select * from ${table} where certifications <> 0`), table).toEqual([]);
    const { seed } = await import('../src/db/seed/seed');
    await seed(hub.db.url, { scale: 1, force: true });
    await expectTalliesCurrent();
  });
});
