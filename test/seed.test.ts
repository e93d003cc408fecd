/** npm run seed: reference data with sources, a deterministic synthetic data set marked as such, scaled linearly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationKind, ApplicationStatus, CertificationStatus } from '../src/domain/credentials/enums';
import { ExperienceLogStatus } from '../src/domain/supervision/enums';
import { AssistanceApplicationStatus } from '../src/domain/assistance/enums';
import { JobPostingStatus } from '../src/domain/jobs/enums';
import { RegistrationStatus, TrainingEventStatus } from '../src/domain/training/enums';
import { hasData, seed, SEED_TABLES } from '../src/db/seed/seed';
import { migrate, openOrm, type Orm } from '../src/db/orm';
import { startTestDatabase, type TestDatabase } from './kit';

let db: TestDatabase;
let orm: Orm;
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => orm.em.getConnection().execute<T[]>(text, params as never[], 'all');
const values = async (text: string) => (await sql<{ v: string }>(text)).map((r) => r.v).sort();

/** One checksum per table over every column of every row, in key order. */
async function checksums(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of SEED_TABLES) {
    const [{ sum }] = await sql<{ sum: string }>(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from "${table}" t`);
    result[table] = sum;
  }
  return result;
}

beforeAll(async () => {
  db = await startTestDatabase();
  orm = await openOrm(db.url, 2);
  await migrate(orm);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.close();
});

describe('seed', () => {
  let first: Record<string, string>;

  it('reports an empty database as having no data, and a seeded one as having some', async () => {
    expect(await hasData(db.url)).toBe(false);
    const summary = await seed(db.url, { scale: 1 });
    expect(summary.rows.peer_specialist).toBe(2000);
    expect(await hasData(db.url)).toBe(true);
    first = await checksums();
  });

  it('loads Minnesota, Texas and Washington with population, FIPS code and the source of each fact', async () => {
    const states = await sql<{ code: string; fips_code: string; population: number; sources: { fact: string; citation: string }[] }>('select code, fips_code, population, sources from jurisdiction order by code');
    expect(states.map((s) => [s.code, s.fips_code, s.population])).toEqual([['MN', '27', 5706494], ['TX', '48', 29145505], ['WA', '53', 7705281]]);
    for (const state of states) expect(state.sources.map((s) => s.fact)).toEqual(expect.arrayContaining(['population', 'fipsCode']));
  });

  it('loads the credential rules DOMAIN.md gives, each with a source, unverified ones marked', async () => {
    const profiles = await sql<Record<string, any>>(`select j.code as state, ct.code, p.* from requirement_profile p join credential_type ct on ct.id = p.credential_type_id join jurisdiction j on j.id = ct.jurisdiction_id order by j.code, ct.code`);
    const mhps = profiles.find((p) => p.state === 'TX' && p.code === 'MHPS')!;
    expect(mhps).toMatchObject({
      supervised_hours_required: '250.00', provisional_validity_months: 6, extensions_allowed: 1, extension_months: 6, validity_months: 24,
      ce_hours_per_cycle: '20.00', ethics_hours_per_cycle: '3.00', grace_period_months: 6, late_renewal_months: 12,
      application_fee_cents: 6000, reduced_application_fee_cents: 2000, renewal_fee_cents: 6000, late_fee_cents: 5000,
      reinstatement_fee_cents: 10000, background_check_required: true, decision_due_days: 60,
    });
    const cps = profiles.find((p) => p.state === 'MN' && p.code === 'CPS')!;
    expect(cps).toMatchObject({ training_hours: '80.00', supervised_hours_required: '0.00', provisional_validity_months: null, validity_months: 24, ce_hours_per_cycle: '30.00' });
    for (const profile of profiles) {
      const sources = profile.sources as { fact: string; citation: string; verified: boolean }[];
      expect(sources.length).toBeGreaterThan(5);
      expect(sources.every((s) => s.citation.length > 0)).toBe(true);
    }
    expect(cps.sources.find((s: { fact: string }) => s.fact === 'ethicsHoursPerCycle')?.verified).toBe(false);
    expect(mhps.sources.find((s: { fact: string }) => s.fact === 'supervisedHoursRequired')).toMatchObject({ verified: true });
    expect(await values(`select j.code || ' ' || ct.code as v from credential_type ct join jurisdiction j on j.id = ct.jurisdiction_id`)).toEqual(['MN CPS', 'TX MHPS', 'TX PSS', 'TX RSPS', 'WA CPS', 'WA CPST']);
    // Washington is reference data for its open-data import: the seed gives it no people
    expect(await values(`select distinct j.code as v from peer_specialist p join jurisdiction j on j.id = p.jurisdiction_id`)).toEqual(['MN', 'TX']);
  });

  it('marks every synthetic record as synthetic', async () => {
    const tables = await sql<{ table_name: string }>(`select table_name from information_schema.columns where column_name = 'synthetic' and table_schema = current_schema()`);
    expect(tables.length).toBeGreaterThanOrEqual(15);
    for (const { table_name } of tables) {
      const [{ real, total }] = await sql<{ real: number; total: number }>(`select count(*) filter (where not synthetic)::int as real, count(*)::int as total from "${table_name}"`);
      expect({ table_name, real, empty: total === 0 }).toEqual({ table_name, real: 0, empty: false });
    }
  });

  it('covers every status of certifications, assistance applications, job postings and registrations', async () => {
    expect(await values('select distinct status as v from certification')).toEqual(Object.values(CertificationStatus).sort());
    expect(await values('select distinct status as v from assistance_application')).toEqual(Object.values(AssistanceApplicationStatus).sort());
    expect(await values('select distinct status as v from job_posting')).toEqual(Object.values(JobPostingStatus).sort());
    expect(await values('select distinct status as v from training_registration')).toEqual(Object.values(RegistrationStatus).sort());
    expect(await values('select distinct status as v from certification_application')).toEqual(Object.values(ApplicationStatus).sort());
    expect(await values('select distinct kind as v from certification_application')).toEqual(Object.values(ApplicationKind).sort());
    expect(await values('select distinct status as v from supervised_experience_log')).toEqual(Object.values(ExperienceLogStatus).sort());
    expect(await values('select distinct status as v from training_event')).toEqual(Object.values(TrainingEventStatus).sort());
  });

  it('follows the sources on training: Minnesota\'s core training is given virtually by RI International', async () => {
    const core = await sql<{ organization: string; format: string; city: string | null; events: number }>(
      `select o.name as organization, e.format, e.city, count(*)::int as events from training_event e
       join training_organization o on o.id = e.organization_id join jurisdiction j on j.id = e.jurisdiction_id
       where j.code = 'MN' and e.course_kind = 'CORE' group by 1, 2, 3`,
    );
    expect(core.map(({ organization, format, city }) => ({ organization, format, city }))).toEqual([{ organization: 'RI International', format: 'VIRTUAL_LIVE', city: null }]);
    expect(core[0].events).toBeGreaterThan(3);
  });

  it('keeps each fund committed to exactly its approved and disbursed awards, within budget', async () => {
    const funds = await sql<{ committed_cents: number; budget_cents: number; awarded: number }>(`
      select f.committed_cents, f.budget_cents, coalesce(sum(a.awarded_cents) filter (where a.status in ('APPROVED', 'DISBURSED')), 0)::int as awarded
        from assistance_fund f left join assistance_application a on a.fund_id = f.id group by f.id`);
    expect(funds.length).toBeGreaterThan(0);
    for (const fund of funds) {
      expect(fund.committed_cents).toBe(fund.awarded);
      expect(fund.committed_cents).toBeLessThanOrEqual(fund.budget_cents);
    }
  });

  it('yields exactly the same data when run again at the same scale', async () => {
    await seed(db.url, { scale: 1 });
    expect(await checksums()).toEqual(first);
  });

  it('grows linearly with the scale', async () => {
    const summary = await seed(db.url, { scale: 3 });
    expect(summary.rows.peer_specialist).toBe(6000);
    const ratio = summary.rows.certification / (await seed(db.url, { scale: 1 })).rows.certification;
    expect(ratio).toBeGreaterThan(2.7);
    expect(ratio).toBeLessThan(3.3);
  });

  it('refuses to replace records that are not synthetic unless forced', async () => {
    await sql(`insert into employer (jurisdiction_id, name, kind, city) values (1, 'A real employer', 'HOSPITAL', 'Duluth')`);
    await expect(seed(db.url, { scale: 1 })).rejects.toThrow(/non-synthetic rows \(employer: 1\)/);
    expect(await values(`select name as v from employer where not synthetic`)).toEqual(['A real employer']);
    await seed(db.url, { scale: 1, force: true });
    expect(await values(`select name as v from employer where not synthetic`)).toEqual([]);
    expect(await checksums()).toEqual(first);
  });
});
