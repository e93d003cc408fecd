/** The checked-in migrations are the schema: they produce exactly what the entities describe, with its constraints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openOrm, type Orm } from '../src/db/orm';
import { Catalog } from '../src/graphql/catalog';
import { registeredTypes, relationsOf } from '../src/graphql/relations';
import { startTestDatabase, type TestDatabase } from './kit';

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
    await import('../src/graphql/schema');
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
    await sql(`insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status) values (1, 1, 1, 'N-1', 'ACTIVE')`);
    expect(await failureCode(`insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status) values (1, 1, 1, 'N-1', 'ACTIVE')`)).toBe('23505');
    expect(await failureCode(`insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status) values (1, 2, 2, 'N-1', 'ACTIVE')`)).toBeUndefined();
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
    expect(await failureCode(`insert into certification (person_id, credential_type_id, jurisdiction_id, credential_number, status) values (1, 1, 2, 'X-1', 'ACTIVE')`)).toBe('23514');
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
