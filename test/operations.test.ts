/**
 * The operations the three clients send (schema/operations), run through their typed documents on seeded data:
 * values checked against plain SQL, and a fixed number of SQL statements whatever the number of rows. Twice: with
 * the default pool, where a lone request's page and count run side by side, and with one pooled connection, where
 * they leave as one message (src/internals/pg-statement-batch.ts): the answers must not tell the two apart. On a
 * PostgreSQL server reached directly, those run as named prepared statements, and once more as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CertificationsPageDocument,
  FundsOverviewDocument,
  JobPostingsPageDocument,
  StateOverviewDocument,
  SupervisionLoadDocument,
} from '../src/client/operations';
import { fromGlobalId } from '../src/graphql/global-id';
import { preparedStatementsOf } from '../src/sql/prepared';
import { startTestHub, type TestHub } from './kit';

const preparing = !!process.env.TEST_DATABASE_URL && !process.env.TEST_DATABASE_POOLER;
const POOLS: [string, NodeJS.ProcessEnv][] = [
  ['statements side by side (the default pool)', {}],
  ['statements batched in one message (one pooled connection)', { DB_POOL_MAX: '1' }],
  ...(preparing ? ([['statements as text, prepared statements off', { DATABASE_PREPARED_STATEMENTS: 'false' }]] as [string, NodeJS.ProcessEnv][]) : []),
];

describe.each(POOLS)('%s', (_pool, env) => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ seedScale: 1, env });
  });
  afterAll(() => hub?.close());

  it(`sends its reads as ${preparing && !env.DATABASE_PREPARED_STATEMENTS ? 'named prepared statements' : 'text'}`, async () => {
    // a shape is prepared from its second run
    for (let run = 0; run < 2; run++) expect((await hub.run(StateOverviewDocument)).errors).toBeUndefined();
    const names = preparedStatementsOf(hub.orm);
    if (preparing && !env.DATABASE_PREPARED_STATEMENTS) expect(names?.size).toBeGreaterThan(0);
    else expect(names).toBeUndefined();
  });

  describe('dashboard', () => {
    it('StateOverview: states with their credentials and versioned rules, in one statement', async () => {
      const result = await hub.run(StateOverviewDocument);
      expect(result.errors).toBeUndefined();
      const states = result.data!.jurisdictions;
      expect(states.map((s) => [s.code, s.fipsCode, s.population])).toEqual([['MN', '27', 5706494], ['TX', '48', 29145505], ['WA', '53', 7705281]]);
      const tx = states.find((s) => s.code === 'TX')!;
      const mhps = tx.credentialTypes.nodes.find((c) => c.code === 'MHPS')!;
      expect(mhps.requirementProfiles.nodes[0]).toMatchObject({ version: 1, supervisedHoursRequired: 250, validityMonths: 24, ceHoursPerCycle: 20, ethicsHoursPerCycle: 3, applicationFeeCents: 6000 });
      expect(mhps.requirementProfiles.nodes[0].sources.length).toBeGreaterThan(5);
      expect(states.find((s) => s.code === 'MN')!.credentialTypes.nodes.map((c) => c.code)).toEqual(['CPS']);
      expect(result.extensions?.sqlStatements).toBe(1);
    });

    it('FundsOverview: budgets, what is committed and what is left, with applications', async () => {
      const result = await hub.run(FundsOverviewDocument, { first: 50 });
      expect(result.errors).toBeUndefined();
      const funds = result.data!.assistanceFunds.nodes;
      const rows = await hub.sql<{ id: number; budget_cents: number; committed_cents: number; applications: number }>(
        `select f.id, f.budget_cents, f.committed_cents, (select count(*)::int from assistance_application a where a.fund_id = f.id) as applications from assistance_fund f order by f.id`,
      );
      expect(funds.map((f) => [fromGlobalId(f.id).key, f.budgetCents, f.committedCents, f.remainingCents])).toEqual(
        rows.map((r) => [r.id, r.budget_cents, r.committed_cents, r.budget_cents - r.committed_cents]),
      );
      expect(funds.map((f) => f.applications.nodes.length)).toEqual(rows.map((r) => Math.min(50, r.applications)));
      expect(funds.every((f) => f.purposes.length > 0 && f.remainingCents >= 0)).toBe(true);
      expect(result.extensions?.sqlStatements).toBe(1);
    });
  });

  describe('job board', () => {
    it('JobPostingsPage: pages through every posting exactly once, each page in one statement', async () => {
      const [{ count }] = await hub.sql<{ count: number }>('select count(*)::int as count from job_posting');
      const ids = new Set<string>();
      let after: string | null | undefined;
      let pages = 0;
      do {
        const result = await hub.run(JobPostingsPageDocument, { first: 30, after });
        expect(result.errors).toBeUndefined();
        expect(result.extensions?.sqlStatements).toBe(1);
        const page = result.data!.jobPostings;
        for (const edge of page.edges) {
          ids.add(edge.node.id);
          expect(edge.node.payMinCents).toBeLessThanOrEqual(edge.node.payMaxCents);
          expect(edge.node.employer.name).toBeTruthy();
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after && pages < 100);
      expect(ids.size).toBe(count);
      expect(pages).toBe(Math.ceil(count / 30));
    });
  });

  describe('analyst', () => {
    it('CertificationsPage: 100 certifications with holder, credential and state match the database', async () => {
      const result = await hub.run(CertificationsPageDocument, { first: 100 });
      expect(result.errors).toBeUndefined();
      const expected = await hub.sql<{ id: number; credential_number: string; status: string; last_name: string; code: string; state: string }>(`
        select c.id, c.credential_number, c.status, p.last_name, ct.code, j.code as state
          from certification c join peer_specialist p on p.id = c.person_id join credential_type ct on ct.id = c.credential_type_id
          join jurisdiction j on j.id = c.jurisdiction_id order by c.id limit 100`);
      expect(result.data!.certifications.edges.map(({ node }) => [fromGlobalId(node.id).key, node.credentialNumber, node.status, node.person!.lastName, node.credentialType.code, node.jurisdiction.code])).toEqual(
        expected.map((r) => [r.id, r.credential_number, r.status, r.last_name, r.code, r.state]),
      );
      expect(result.extensions?.sqlStatements).toBe(1);
    });

    it('SupervisionLoad: supervisors with credentials and their supervisees\' hours, in a fixed number of statements', async () => {
      const small = await hub.run(SupervisionLoadDocument, { first: 5 });
      const large = await hub.run(SupervisionLoadDocument, { first: 40 });
      expect(large.errors).toBeUndefined();
      expect(large.data!.supervisors.nodes).toHaveLength(40);
      expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
      const withPss = large.data!.supervisors.nodes.filter((s) => s.supervisorCertification);
      expect(withPss.length).toBeGreaterThan(0);
      expect(withPss.every((s) => s.supervisorCertification!.credentialType.code === 'PSS')).toBe(true);
      // each supervisor's first page of 20 logs
      const logs = await hub.sql<{ id: number; logs: number }>(`
        select s.id, least(20, count(l.id))::int as logs from supervisor s left join supervised_experience_log l on l.supervisor_id = s.id
         group by s.id order by s.id limit 40`);
      expect(large.data!.supervisors.nodes.map((s) => [fromGlobalId(s.id).key, s.experienceLogs.nodes.length])).toEqual(logs.map((r) => [r.id, r.logs]));
    });
  });
});
