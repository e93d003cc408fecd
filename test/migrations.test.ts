/**
 * The checked-in migrations are the schema: they produce exactly what the entities describe, with its constraints; and
 * a database migrated from before the statuses were read by date reads them by date at once, with no sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { migrate, openOrm, type Orm } from '../src/db/orm';
import { Catalog } from '../src/graphql/catalog';
import { toGlobalId } from '../src/graphql/global-id';
import { registeredTypes, relationsOf } from '../src/graphql/relations';
import { createHubServer, type HubServer } from '../src/http/server';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { as, freezeToday, startTestDatabase, unfreezeToday, type TestDatabase } from './kit';

/** The checked-in migrations from `first` on, in order: what a database migrated up to just before it has pending. */
const migrationsFrom = (first: string) =>
  readdirSync(join(__dirname, '..', 'migrations')).filter((file) => /^Migration\d+\.ts$/.test(file)).map((file) => file.replace(/\.ts$/, '')).sort().filter((name) => name >= first);

let db: TestDatabase;
let orm: Orm;
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => orm.em.getConnection().execute<T[]>(text, params as never[], 'all');

/** The PostgreSQL error code a statement fails with (23505 unique, 23514 check, 23503 foreign key). */
async function failureCode(text: string): Promise<string | undefined> {
  try {
    await sql(text);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

beforeAll(async () => {
  db = await startTestDatabase();
  orm = await openOrm(db.url, 2);
  expect(await migrate(orm)).not.toHaveLength(0);
  await sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 1, 2020, '[]'), (2, 'TX', 'Texas', '48', 1, 2020, '[]')`);
  await sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'DHS', 'STATE_AGENCY', '[]'), (2, 2, 'TCB', 'CERTIFICATION_BOARD', '[]')`);
  await sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values (1, 1, 1, 'CPS', 'CPS', 'PEER', 'MENTAL_HEALTH', '[]'), (2, 2, 2, 'MHPS', 'MHPS', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'A', 'B', 1)`);
  await sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'E', 'HOSPITAL', 'Duluth')`);
});

afterAll(async () => {
  await orm?.close(true);
  await db?.close();
});

describe('migrations', () => {
  it('leave no difference between the database and the entities', async () => {
    const pending = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(pending.trim()).toBe('');
  });

  it('are all applied, so a second run applies nothing', async () => {
    expect(await migrate(orm)).toEqual([]);
    expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
  });

  it('give every foreign key an index that starts with its column', async () => {
    const unindexed = await sql<{ table: string; column: string }>(`
      select c.conrelid::regclass::text as table, a.attname as column
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       where c.contype = 'f' and c.connamespace = 'public'::regnamespace
         and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])`);
    expect(unindexed).toEqual([]);
    const [{ count }] = await sql<{ count: number }>(`select count(*)::int as count from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`);
    expect(count).toBeGreaterThan(30);
  });
});

describe('declared relations', () => {
  it('follow real foreign keys and pivots, nullable exactly where the column is', async () => {
    await import('../src/domain/schema');
    const catalog = new Catalog(orm);
    const problems: string[] = [];
    let checked = 0;
    for (const type of registeredTypes()) {
      for (const [name, relation] of Object.entries(relationsOf(type))) {
        checked++;
        const where = `${type.name}.${name}`;
        if (relation.kind === 'one') {
          const shape = catalog.get(type.name);
          if (!shape.foreignKeys.has(relation.via)) problems.push(`${where}: no foreign key ${relation.via}`);
          else if (shape.optionalRelations.has(relation.via) !== relation.nullable) problems.push(`${where}: nullable should be ${!relation.nullable}`);
        } else if (relation.kind === 'many') {
          if (!catalog.get(relation.target().name).foreignKeys.has(relation.via)) problems.push(`${where}: ${relation.target().name} has no foreign key ${relation.via}`);
        } else {
          const owner = relation.kind === 'targets' ? type.name : relation.target().name;
          if (!catalog.get(owner).pivots.has(relation.via)) problems.push(`${where}: ${owner} has no many-to-many ${relation.via}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });
});

describe('constraints', () => {
  it('keep a credential number unique within its jurisdiction, not across them', async () => {
    const insert = (type: number, jurisdiction: number) =>
      `insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status, expires_on) values (1, ${type}, ${jurisdiction}, 'N-1', 'ACTIVE', '2027-01-01')`;
    await sql(insert(1, 1));
    expect(await failureCode(insert(1, 1))).toBe('23505');
    expect(await failureCode(insert(2, 2))).toBeUndefined();
  });

  it('refuse a status outside the vocabulary', async () => {
    expect(await failureCode(`insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status) values (1, 1, 1, 'N-2', 'RETIRED')`)).toBe('23514');
  });

  it('refuse a pay range whose minimum is above its maximum', async () => {
    const posting = (min: number, max: number) => `insert into job_posting (employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit, certification_requirement, status)
      values (1, 1, 'T', 'D', 'PEER_SPECIALIST', 'FULL_TIME', 'Duluth', ${min}, ${max}, 'HOUR', 'REQUIRED', 'DRAFT')`;
    expect(await failureCode(posting(2000, 1800))).toBe('23514');
    expect(await failureCode(posting(1800, 1800))).toBeUndefined();
  });

  it('refuse negative hours and a fund committed beyond its budget', async () => {
    await sql(`insert into assistance_fund (id, jurisdiction_id, sponsor, name, purposes, fiscal_year, budget_cents, opens_on) values (1, 1, 'S', 'F', '{TRAINING}', 2026, 10000, '2026-01-01')`);
    expect(await failureCode(`update assistance_fund set committed_cents = 10001 where id = 1`)).toBe('23514');
    expect(await failureCode(`update assistance_fund set committed_cents = 10000 where id = 1`)).toBeUndefined();
    expect(await failureCode(`update assistance_fund set budget_cents = -1 where id = 1`)).toBe('23514');
    expect(await failureCode(`insert into continuing_education_record (person_id, certification_id, title, provider, hours, ethics_hours, completed_on) values (1, 1, 'T', 'P', -1, 0, '2026-01-01')`)).toBe('23514');
    expect(await failureCode(`insert into continuing_education_record (person_id, certification_id, title, provider, hours, ethics_hours, completed_on) values (1, 1, 'T', 'P', 2, 3, '2026-01-01')`)).toBe('23514');
  });

  it('keep a certification in the jurisdiction of its credential type', async () => {
    expect(await failureCode(`insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status, expires_on) values (1, 1, 2, 'X-1', 'ACTIVE', '2027-01-01')`)).toBe('23514');
    expect(await failureCode(`insert into certification_application (person_id, credential_type_id, jurisdiction_id, kind, status, submitted_on) values (1, 2, 1, 'INITIAL', 'SUBMITTED', '2026-01-01')`)).toBe('23514');
    expect(await failureCode(`insert into certification_application (person_id, credential_type_id, jurisdiction_id, kind, status, submitted_on) values (1, 2, 2, 'INITIAL', 'SUBMITTED', '2026-01-01')`)).toBeUndefined();
  });

  it('allow only a program the employer runs', async () => {
    await sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (2, 1, 'Other', 'HOSPITAL', 'Ely')`);
    await sql(`insert into service_program (id, employer_id, kind, name) values (1, 1, 'ACT', 'ACT'), (2, 2, 'IRTS', 'IRTS')`);
    const employment = (program: number) => `insert into employment (person_id, employer_id, program_id, role, title, employment_type, started_on) values (1, 1, ${program}, 'PEER_SPECIALIST', 'T', 'FULL_TIME', '2026-01-01')`;
    expect(await failureCode(employment(2))).toBe('23514');
    expect(await failureCode(employment(1))).toBeUndefined();
    expect(await failureCode(`update employment set employer_id = 2 where program_id = 1`)).toBe('23514');
  });

  it('refuse a reference to a row that does not exist', async () => {
    expect(await failureCode(`insert into employment (person_id, employer_id, role, title, employment_type, started_on) values (999, 1, 'PEER_SPECIALIST', 'T', 'FULL_TIME', '2026-01-01')`)).toBe('23503');
  });
});

/** A database migrated up to `to`, included: what later migrations do to the data it holds. */
function databaseAt(to: string) {
  const at = {
    db: undefined as TestDatabase | undefined,
    orm: undefined as Orm | undefined,
    sql: <T = Record<string, unknown>>(text: string) => at.orm!.em.getConnection().execute<T[]>(text, [], 'all'),
    async open() {
      at.db = await startTestDatabase();
      at.orm = await openOrm(at.db.url, 2);
      await at.orm.getMigrator().up({ to });
    },
    async close() {
      await at.orm?.close(true);
      await at.db?.close();
    },
  };
  return at;
}

describe('a database from before the statuses were read by date', () => {
  // the last migration before Migration20261204120000, which stores the ends of grace and late renewal
  const BEFORE = 'Migration20261203064746';
  const TODAY = '2026-12-04';
  const old = databaseAt(BEFORE);
  let hub: HubServer | undefined;
  const oldSql = old.sql;

  // [credential number, credential type (1: 3 months of grace, 12 of late renewal; 2: none), stored status, full on, expires on]
  const ROWS: Array<[string, number, string, string | null, string]> = [
    ['M-1', 1, 'ACTIVE', '2024-12-03', '2026-12-03'],
    ['M-2', 1, 'ACTIVE', '2024-08-15', '2026-08-15'],
    ['M-3', 1, 'ACTIVE', '2023-10-01', '2025-10-01'],
    ['M-4', 2, 'ACTIVE', '2024-12-03', '2026-12-03'],
    ['M-5', 1, 'PROVISIONAL', null, '2026-12-03'],
    ['M-6', 1, 'EXPIRED', '2025-03-01', '2027-03-01'],
    ['M-7', 1, 'SUSPENDED', '2024-12-03', '2026-12-03'],
    ['M-8', 1, 'IN_GRACE', '2024-12-04', '2026-12-04'],
  ];

  beforeAll(async () => {
    freezeToday(TODAY);
    await old.open();
    expect((await old.orm!.getMigrator().getPendingMigrations()).map((m) => m.name)).toEqual(migrationsFrom('Migration20261204120000'));
    await oldSql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'TX', 'Texas', '48', 30000000, 2024, '[]')`);
    await oldSql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'TCB', 'CERTIFICATION_BOARD', '[]')`);
    await oldSql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources)
      values (1, 1, 1, 'MHPS', 'MHPS', 'PEER', 'MENTAL_HEALTH', '[]'), (2, 1, 1, 'CPS', 'CPS', 'PEER', 'MENTAL_HEALTH', '[]')`);
    await oldSql(`insert into requirement_profile (credential_type_id, version, effective_from, training_hours, supervised_hours_required, provisional_validity_months,
      extensions_allowed, extension_months, validity_months, ce_hours_per_cycle, ethics_hours_per_cycle, grace_period_months, late_renewal_months,
      application_fee_cents, renewal_fee_cents, late_fee_cents, reinstatement_fee_cents, background_check_required, sources)
      values (1, 1, '2019-01-01', 60, 250, 6, 1, 6, 24, 20, 3, 3, 12, 0, 0, 0, 0, false, '[]'), (2, 1, '2019-01-01', 80, 0, null, 0, null, 24, 30, 0, 0, 0, 0, 0, 0, 0, false, '[]')`);
    await oldSql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1)`);
    const day = (d: string | null) => (d ? `'${d}'` : 'null');
    await oldSql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, credential_number, status, first_issued_on, issued_on, expires_on, full_certified_on)
      values ${ROWS.map(([number, type, status, full, expires], i) => `(${i + 1}, 1, ${type}, 1, '${number}', '${status}', '2019-06-01', ${day(full ?? '2024-12-03')}, '${expires}', ${day(full)})`).join(', ')}`);
    await oldSql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'Lone Star', 'PEER_RUN_ORGANIZATION', 'Austin')`);
    await oldSql(`insert into job_posting (id, employer_id, jurisdiction_id, title, description, role, employment_type, city, pay_min_cents, pay_max_cents, pay_unit,
      certification_requirement, date_posted, valid_through, status)
      values (1, 1, 1, 'Peer specialist', 'Austin', 'PEER_SPECIALIST', 'FULL_TIME', 'Austin', 2000, 2400, 'HOUR', 'REQUIRED', '2026-10-01', '2026-12-03', 'OPEN')`);
  });

  afterAll(async () => {
    unfreezeToday();
    await hub?.close();
    await old.close();
  });

  it('fills the ends of grace and late renewal of the certifications already there, from their profiles', async () => {
    expect(await migrate(old.orm!)).toEqual(migrationsFrom('Migration20261204120000'));
    expect(await oldSql(`select credential_number, grace_ends_on::text, late_renewal_ends_on::text from certification order by id`)).toEqual([
      { credential_number: 'M-1', grace_ends_on: '2027-03-03', late_renewal_ends_on: '2027-12-03' },
      { credential_number: 'M-2', grace_ends_on: '2026-11-15', late_renewal_ends_on: '2027-08-15' },
      { credential_number: 'M-3', grace_ends_on: '2026-01-01', late_renewal_ends_on: '2026-10-01' },
      { credential_number: 'M-4', grace_ends_on: '2026-12-03', late_renewal_ends_on: '2026-12-03' },
      { credential_number: 'M-5', grace_ends_on: '2027-03-03', late_renewal_ends_on: '2027-12-03' },
      { credential_number: 'M-6', grace_ends_on: '2027-06-01', late_renewal_ends_on: '2028-03-01' },
      { credential_number: 'M-7', grace_ends_on: '2027-03-03', late_renewal_ends_on: '2027-12-03' },
      { credential_number: 'M-8', grace_ends_on: '2027-03-04', late_renewal_ends_on: '2027-12-04' },
    ]);
  });

  it('reads the statuses as of today right after migrating, though the stored ones are stale', async () => {
    hub = await createHubServer(loadConfig({ LOG_LEVEL: 'warn', RESPONSE_CACHE: 'false', STATUS_SWEEP_HOURS: '0' }), old.orm!);
    const expected = ['IN_GRACE', 'LATE_RENEWAL', 'EXPIRED', 'EXPIRED', 'EXPIRED', 'ACTIVE', 'SUSPENDED', 'ACTIVE'];
    const ids = ROWS.map((_, i) => toGlobalId('Certification', i + 1));
    const statuses = [...new Set(expected)];
    const query = `{ ${ids.map((id, i) => `byId${i}: certification(id: "${id}") { status } node${i}: node(id: "${id}") { ... on Certification { status } }`).join(' ')}
      list: certifications(first: 20) { nodes { credentialNumber status } }
      ${statuses.map((s) => `${s}: certifications(filter: { status: { eq: ${s} } }) { nodes { credentialNumber } }`).join(' ')}
      certificationStats(groupBy: [STATUS]) { buckets { key { status } count } }
      jobPosting(id: "${toGlobalId('JobPosting', 1)}") { status }
      workforceMetrics { totals { activeCertifications { value } openJobPostings { value } } } }`;
    const response = await hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...(await as({ role: Role.ADMIN })) }, payload: { query } });
    const { data, errors } = response.json();
    expect(errors).toBeUndefined();
    expect(ids.map((_, i) => data[`byId${i}`].status)).toEqual(expected);
    expect(ids.map((_, i) => data[`node${i}`].status)).toEqual(expected);
    expect(data.list.nodes).toEqual(ROWS.map(([credentialNumber], i) => ({ credentialNumber, status: expected[i] })));
    for (const s of statuses) expect(data[s].nodes.map((n: { credentialNumber: string }) => n.credentialNumber), s).toEqual(ROWS.filter((_, i) => expected[i] === s).map(([number]) => number));
    expect(Object.fromEntries(data.certificationStats.buckets.map((b: any) => [b.key.status, b.count]))).toEqual({ IN_GRACE: 1, LATE_RENEWAL: 1, EXPIRED: 3, ACTIVE: 2, SUSPENDED: 1 });
    expect(data.jobPosting).toEqual({ status: 'EXPIRED' });
    // the tallies, keyed anew by the migration, count the same
    expect(data.workforceMetrics.totals).toEqual({ activeCertifications: { value: 2 }, openJobPostings: { value: 0 } });
    // nothing was swept: the rows still store what they stored before the migration
    expect((await oldSql<{ status: string }>(`select status from certification order by id`)).map((r) => r.status)).toEqual(ROWS.map(([, , status]) => status));
  });
});

describe('a database holding a status that dates drive without an expiry', () => {
  // the migration before the one that requires the expiry
  const BEFORE = 'Migration20261204120000';
  const old = databaseAt(BEFORE);
  const oldSql = old.sql;

  beforeAll(async () => {
    await old.open();
    await oldSql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'TX', 'Texas', '48', 30000000, 2024, '[]')`);
    await oldSql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'TCB', 'CERTIFICATION_BOARD', '[]')`);
    await oldSql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values (1, 1, 1, 'MHPS', 'MHPS', 'PEER', 'MENTAL_HEALTH', '[]')`);
    await oldSql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1)`);
    await oldSql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, credential_number, status, expires_on)
      values (1, 1, 1, 1, 'M-1', 'ACTIVE', null), (2, 1, 1, 1, 'M-2', 'SUSPENDED', null), (3, 1, 1, 1, 'M-3', 'ACTIVE', '2027-01-01')`);
  });
  afterAll(async () => {
    await old.close();
  });

  it('is refused with the count and the way out, unchanged; once the expiry is given, migrates and enforces it', async () => {
    await expect(migrate(old.orm!)).rejects.toThrow(/1 certification\(s\) hold a status that dates drive but no expiry date .*give each its expiresOn/);
    expect((await old.orm!.getMigrator().getPendingMigrations()).map((m) => m.name)).toEqual(migrationsFrom('Migration20261204230000'));
    await oldSql(`update certification set expires_on = '2027-06-01' where id = 1`);
    expect(await migrate(old.orm!)).toEqual(migrationsFrom('Migration20261204230000'));
    await expect(oldSql(`update certification set expires_on = null where id = 3`)).rejects.toThrow(/certification_dated_expiry_check/);
    // a decision needs no expiry
    expect(await oldSql(`select count(*)::int as n from certification where expires_on is null`)).toEqual([{ n: 1 }]);
  });
});

describe('a database with people waiting for training seats before the waiting list was numbered', () => {
  const BEFORE = 'Migration20261204230000';
  const old = databaseAt(BEFORE);
  const oldSql = old.sql;

  beforeAll(async () => {
    await old.open();
    await oldSql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
    await oldSql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P', 'L' || i, 1 from generate_series(1, 6) i`);
    await oldSql(`insert into training_organization (id, name, jurisdiction_id, approved) values (1, 'O', 1, true)`);
    await oldSql(`insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats)
      values (1, 1, 1, 'A', 'CORE', 'IN_PERSON', 'SCHEDULED', '2030-01-10', '2030-01-12', 40, 0, 0, 1), (2, 1, 1, 'B', 'CORE', 'IN_PERSON', 'SCHEDULED', '2030-01-10', '2030-01-12', 40, 0, 0, 1)`);
    // event 1: person 1 seated, 2 to 4 waiting, joined in the order 3, 4, 2; event 2: person 5 seated, 6 waiting
    await oldSql(`insert into training_registration (id, event_id, person_id, status, registered_at) values
      (1, 1, 1, 'REGISTERED', '2029-12-01T10:00:00Z'), (2, 1, 2, 'WAITLISTED', '2029-12-03T10:00:00Z'), (3, 1, 3, 'WAITLISTED', '2029-12-02T10:00:00Z'),
      (4, 1, 4, 'WAITLISTED', '2029-12-02T11:00:00Z'), (5, 2, 5, 'REGISTERED', '2029-12-01T10:00:00Z'), (6, 2, 6, 'WAITLISTED', '2029-12-05T10:00:00Z')`);
  });
  afterAll(async () => {
    await old.close();
  });

  it('numbers the waiting list of each event in the order people joined it, and then requires a number of everyone waiting', async () => {
    expect(await migrate(old.orm!)).toEqual(migrationsFrom('Migration20261205000000'));
    expect(await oldSql(`select id, waitlist_number from training_registration order by id`)).toEqual([
      { id: 1, waitlist_number: null },
      { id: 2, waitlist_number: 3 },
      { id: 3, waitlist_number: 1 },
      { id: 4, waitlist_number: 2 },
      { id: 5, waitlist_number: null },
      { id: 6, waitlist_number: 1 },
    ]);
    await expect(oldSql(`insert into training_registration (event_id, person_id, status, registered_at) values (2, 1, 'WAITLISTED', now())`)).rejects.toThrow(/training_registration_waitlist_number_check/);
    await expect(oldSql(`update training_registration set waitlist_number = 1 where id = 2`)).rejects.toThrow(/training_registration_waitlist_number_event_id_unique/);
  });
});
