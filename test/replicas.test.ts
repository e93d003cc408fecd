/**
 * Read replicas (DATABASE_REPLICA_URLS): GraphQL queries read from a replica, mutations (their reads and their
 * answer included) run on the primary. The "replica" here is a second database on the test server, migrated and
 * seeded like the primary, then made observably different (a jurisdiction renamed) and read-only, as a hot standby
 * is: a statement sent to the wrong side shows in the answer, or fails.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { jobPostingDraft, startTestDatabase, tokenFor, type GraphQLResponse, type TestDatabase } from './kit';
import { Role } from '../src/auth/viewer';
import { ConfigError, loadConfig, type HubConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/database';
import { migrate, openOrm } from '../src/db/orm';
import { toGlobalId } from '../src/graphql/global-id';
import { createHubServer, type HubServer } from '../src/http/server';

describe('DATABASE_REPLICA_URLS', () => {
  const PRIMARY = 'postgresql://hub:secret@db.internal:5432/hub';

  it('is a comma-separated list of postgres URLs, empty when unset', () => {
    expect(loadConfig({ DATABASE_URL: PRIMARY }).replicaUrls).toEqual([]);
    expect(loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: ' ' }).replicaUrls).toEqual([]);
    expect(
      loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: 'postgres://hub:secret@replica-1:5432/hub, postgresql://hub@replica-2/hub' }).replicaUrls,
    ).toEqual(['postgres://hub:secret@replica-1:5432/hub', 'postgresql://hub@replica-2/hub']);
  });

  it('is refused without DATABASE_URL: the embedded database has no replicas', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://replica/hub' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://replica/hub' })).toThrow(/DATABASE_REPLICA_URLS needs DATABASE_URL/);
  });

  it('refuses an entry that is not a postgres URL, naming the entry but not its text (it may hold a password)', () => {
    const refused = (value: string) => () => loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: value });
    expect(refused('mysql://hub:hunter2@replica/hub')).toThrow(/entry 1 must be a URL starting with postgres:\/\//);
    expect(refused('mysql://hub:hunter2@replica/hub')).not.toThrow(/hunter2/);
    expect(refused('postgres://replica-1/hub,replica-2:5432')).toThrow(/entry 2/);
    expect(refused('postgres://replica-1/hub,,postgres://replica-3/hub')).toThrow(/entry 2/);
    expect(refused('postgres://')).toThrow(ConfigError);
    expect(refused('postgres://hub:pa ss@[bad/hub')).toThrow(ConfigError);
  });
});

const databaseName = (url: string) => new URL(url).pathname.slice(1);

async function plainSql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.runIf(process.env.TEST_DATABASE_URL)('read replicas', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let config: HubConfig;
  let db: Database;
  let server: HubServer;
  let admin: string;
  let querySpy: MockInstance;
  let primaryName: string;

  beforeAll(async () => {
    [primary, replica] = await Promise.all([startTestDatabase(), startTestDatabase()]);
    const { seed } = await import('../src/db/seed/seed');
    for (const { url } of [primary, replica]) {
      const orm = await openOrm(url, 2);
      try {
        await migrate(orm);
      } finally {
        await orm.close(true);
      }
      await seed(url, { scale: 1 });
    }
    [{ name: primaryName }] = await plainSql<{ name: string }>(primary.url, `select name from jurisdiction where code = 'MN'`);
    // the replica differs from the primary, and refuses writes as a hot standby does
    await plainSql(replica.url, `update jurisdiction set name = 'Minnesota on the replica', population = 1 where code = 'MN'`);
    await plainSql(replica.url, `alter database ${databaseName(replica.url)} set default_transaction_read_only = on`);

    // the same replica twice: two connections of MikroORM's, to see that one request keeps to one of them
    config = loadConfig({ LOG_LEVEL: 'warn', WEBHOOK_POLL_MS: '0', DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: `${replica.url},${replica.url}` });
    db = await openDatabase(config);
    server = await createHubServer(config, db.orm);
    admin = `Bearer ${await tokenFor({ role: Role.ADMIN })}`;
    // after start-up (the migrator and the status sweep ran on the primary): from here on, every statement the
    // driver sends is counted, whichever way it goes (the ORM's execute or the read path's pooled connection)
    querySpy = vi.spyOn(Client.prototype, 'query');
  }, 120_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await server?.close();
    await db?.close();
    await Promise.all([primary?.close(), replica?.close()]);
  });

  /** The driver's connections to the replicas, in the order of DATABASE_REPLICA_URLS (MikroORM keeps them protected). */
  const replicaConnections = () => db.orm.em.getDriver()['replicas'];

  const post = async <R>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<R>> => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query, variables },
      headers: { 'content-type': 'application/json', authorization: admin },
    });
    return { status: response.statusCode, ...response.json() };
  };

  /** The pg clients in the pool of one of MikroORM's connections, busy or idle. */
  const pooledClients = (connection: ReturnType<typeof replicaConnections>[number]) => {
    const pool = connection.getKnex().client.pool as { used: { resource: unknown }[]; free: { resource: unknown }[] };
    return new Set([...pool.used, ...pool.free].map((entry) => entry.resource));
  };

  /**
   * Statements run by the primary and by each replica connection during `run`: each statement a pg client sent,
   * attributed to the pool that client belongs to. Transaction control and session settings are not statements of
   * the request (SqlRunner does not count them either).
   */
  async function where<T>(run: () => Promise<T>): Promise<{ result: T; primary: number; replicas: number[] }> {
    vi.clearAllMocks();
    const result = await run();
    const pools = [db.orm.em.getConnection('write'), ...replicaConnections()].map(pooledClients);
    const counts = pools.map(() => 0);
    querySpy.mock.calls.forEach(([statement], call) => {
      const text = typeof statement === 'string' ? statement : (statement as { text: string }).text;
      if (/^\s*(begin|commit|rollback|savepoint|release|set )/i.test(text)) return;
      const owner = pools.findIndex((clients) => clients.has(querySpy.mock.contexts[call]));
      if (owner < 0) throw new Error(`a statement from a client in no pool: ${text.slice(0, 80)}`);
      counts[owner]++;
    });
    return { result, primary: counts[0], replicas: counts.slice(1) };
  }

  it('opens the replica pools with the session settings of the primary', async () => {
    for (const connection of replicaConnections()) {
      const [settings] = await connection.execute<{ database: string; jit: string; timeout: string; readOnly: string }[]>(
        `select current_database() as database, current_setting('jit') as jit, current_setting('statement_timeout') as timeout,
                current_setting('default_transaction_read_only') as "readOnly"`,
      );
      expect(settings).toEqual({ database: databaseName(replica.url), jit: 'off', timeout: '10s', readOnly: 'on' });
    }
    expect(db.location).toContain('reading from replicas at');
  });

  it('answers a query from a replica, every statement of the request on the same one', async () => {
    const used = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const { result, primary: onPrimary, replicas } = await where(() =>
        post<{ jurisdiction: { name: string; population: number }; jobPostings: { totalCount: number }; employers: { totalCount: number } }>(
          `{ jurisdiction(code: "MN") { name population } jobPostings(first: 5) { totalCount } employers(first: 5) { totalCount } }`,
        ),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.jurisdiction).toMatchObject({ name: 'Minnesota on the replica', population: 1 });
      expect(onPrimary).toBe(0);
      expect(result.extensions!.sqlStatements).toBeGreaterThan(1);
      // MikroORM picks the replica; the request keeps it for all of its statements
      expect(replicas.filter((n) => n > 0)).toEqual([result.extensions!.sqlStatements]);
      used.add(replicas.findIndex((n) => n > 0));
    }
    // 20 requests, two replicas picked at random: both serve (all on one: a chance of 2 in a million)
    expect(used.size).toBe(2);
  });

  it('runs a mutation on the primary: its writes, its reads and its answer; nothing on a replica', async () => {
    const [{ employerKey }] = await plainSql<{ employerKey: number }>(
      primary.url,
      `select e.id as "employerKey" from employer e join jurisdiction j on j.id = e.jurisdiction_id where j.code = 'MN' order by e.id limit 1`,
    );
    const input = jobPostingDraft({ employerId: toGlobalId('Employer', employerKey), title: 'Peer specialist (replica test)', idempotencyKey: 'replica-test-1' });
    const CREATE = `mutation($input: CreateJobPostingDraftInput!) {
      createJobPostingDraft(input: $input) { id title status jurisdiction { code name population } employer { id } }
    }`;
    type Created = { createJobPostingDraft: { id: string; title: string; status: string; jurisdiction: { code: string; name: string; population: number } } };
    const { result, primary: onPrimary, replicas } = await where(() => post<Created>(CREATE, { input }));
    expect(result.errors).toBeUndefined();
    const created = result.data!.createJobPostingDraft;
    // the answer is read on the primary: the primary's name of MN, not the replica's
    expect(created).toMatchObject({ title: input.title, status: 'DRAFT', jurisdiction: { code: 'MN', name: primaryName } });
    expect(created.jurisdiction.population).not.toBe(1);
    expect(replicas).toEqual([0, 0]);
    expect(onPrimary).toBe(result.extensions!.sqlStatements);

    const title = [input.title];
    expect(await plainSql(primary.url, `select id from job_posting where title = $1`, title)).toHaveLength(1);
    expect(await plainSql(replica.url, `select id from job_posting where title = $1`, title)).toHaveLength(0);
    expect(await plainSql(primary.url, `select 1 from idempotency_key where key = 'replica-test-1'`)).toHaveLength(1);
    expect(await plainSql(primary.url, `select 1 from audit_record where action = 'createJobPostingDraft'`)).toHaveLength(1);
    expect(await plainSql(replica.url, `select 1 from audit_record where action = 'createJobPostingDraft'`)).toHaveLength(0);

    // the retry with the same key: the idempotency check runs on the primary, and finds the first posting
    const retried = await where(() => post<Created>(CREATE, { input }));
    expect(retried.result.errors).toBeUndefined();
    expect(retried.result.data!.createJobPostingDraft.id).toBe(created.id);
    expect(retried.replicas).toEqual([0, 0]);
    expect(await plainSql(primary.url, `select id from job_posting where title = $1`, title)).toHaveLength(1);

    // replica lag, as a client sees it: a query right after the mutation reads a replica that does not have it yet
    const after = await where(() => post<{ jobPosting: { id: string } | null }>(`query($id: ID!) { jobPosting(id: $id) { id } }`, { id: created.id }));
    expect(after.result.errors).toBeUndefined();
    expect(after.result.data!.jobPosting).toBeNull();
    expect(after.primary).toBe(0);
  });

  it('looks up what a refused mutation needs on the primary too', async () => {
    const { result, replicas } = await where(() =>
      post(`mutation($id: ID!) { publishJobPosting(id: $id) { id jurisdiction { name } } }`, { id: toGlobalId('JobPosting', 2_000_000_000) }),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(replicas).toEqual([0, 0]);
  });

  it('checks readiness and migrations on the primary', async () => {
    const { result, replicas } = await where(() => server.app.inject({ method: 'GET', url: '/readyz' }));
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({ status: 'ready', pendingMigrations: [] });
    expect(replicas).toEqual([0, 0]);
  });
});
