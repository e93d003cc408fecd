/**
 * Read replicas on a real streaming standby (test/e2e/standby.ts: a primary and a hot standby of it, started for the
 * test): the built hub reads from the standby and writes on the primary; a mutation's answer is read on the primary
 * even while the standby lags (replay paused); the lag shows in /readyz and /metrics; a standby that goes down sends
 * the reads to the primary, with no request failing. PostgreSQL runs: TEST_DATABASE_URL set; there a missing
 * PostgreSQL binary fails the test rather than skipping it.
 */
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { migrate, openOrm } from '../../src/db/orm';
import { seed } from '../../src/db/seed/seed';
import { toGlobalId } from '../../src/graphql/global-id';
import { stopChild } from '../bench/load';
import { jobPostingDraft, tokenFor } from '../kit';
import { ensureBuilt } from './build';
import { startLoggedHub, type HubProcess } from './hubs';
import { caughtUp, startCluster, type Cluster } from './standby';

let cluster: Cluster | undefined;
let hub: HubProcess | undefined;
let admin: string;

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(hub!.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: admin }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
}

/**
 * Scans of the certification table on one server, as its statistics report them: what the reads below cost there.
 * Counted per table, not per transaction: the hub's own background work (the replica checks every 300 ms, the
 * webhook dispatcher's polls) commits on the primary whatever the reads do, more of it the longer a run takes.
 */
async function certificationScans(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(`select (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int as n from pg_stat_user_tables where relname = 'certification'`)).rows[0].n;
  } finally {
    await client.end();
  }
}

async function onStandby(sql: string): Promise<void> {
  const client = new Client({ connectionString: cluster!.standbyUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const readyz = async () => {
  const response = await fetch(new URL('/readyz', hub!.url));
  return { status: response.status, body: (await response.json()) as { replicas: { name: string; up: boolean; lagSeconds: number | null }[] } };
};
const metric = async (name: string) => {
  const text = await (await fetch(new URL('/metrics', hub!.url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{replica="replica-1"}`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};
const until = async (check: () => Promise<boolean>, what: string) => {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) if (await check()) return;
  throw new Error(`not within 30 s: ${what}`);
};

describe.skipIf(!process.env.TEST_DATABASE_URL)('a real streaming standby as the read replica', () => {
  beforeAll(async () => {
    ensureBuilt();
    admin = `Bearer ${await tokenFor({ role: Role.ADMIN })}`;
    cluster = startCluster(5452, 5453);
    const orm = await openOrm(cluster.primaryUrl, 2);
    await migrate(orm);
    await orm.close(true);
    await seed(cluster.primaryUrl, { scale: 1 });
    await caughtUp(cluster);
    hub = await startLoggedHub({ DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: cluster.standbyUrl, REPLICA_CHECK_MS: '300', STATUS_SWEEP_HOURS: '0' });
  }, 240_000);

  afterAll(async () => {
    if (hub) await stopChild(hub.child);
    cluster?.stop();
  });

  it('reads go to the standby, not the primary', { timeout: 60_000 }, async () => {
    const [primaryBefore, standbyBefore] = [await certificationScans(cluster!.primaryUrl), await certificationScans(cluster!.standbyUrl)];
    for (let i = 0; i < 20; i++) expect((await graphql('{ certifications(first: 5) { totalCount } }')).body.data.certifications.totalCount).toBeGreaterThan(0);
    // backends report their counts within a second or so of going idle: the standby's, then long enough for the primary's
    await until(async () => (await certificationScans(cluster!.standbyUrl)) - standbyBefore >= 20, 'the standby counting the reads');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await certificationScans(cluster!.primaryUrl)) - primaryBefore).toBe(0);
  });

  it('a mutation writes on the primary and answers from it while the standby lags; the lag shows in /readyz and /metrics', { timeout: 60_000 }, async () => {
    await onStandby('select pg_wal_replay_pause()');
    try {
      const created = await graphql(`mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id title } }`, {
        input: jobPostingDraft({ employerId: toGlobalId('Employer', 1), title: 'Written while the standby lags' }),
      });
      expect(created.body.data.createJobPostingDraft.title).toBe('Written while the standby lags');
      const id = created.body.data.createJobPostingDraft.id;
      // the next query reads on the standby, which has not replayed it
      expect((await graphql('query($id: ID!) { jobPosting(id: $id) { id } }', { id })).body.data.jobPosting).toBeNull();
      await until(async () => ((await readyz()).body.replicas[0].lagSeconds ?? 0) > 0, 'the lag in /readyz');
      const ready = await readyz();
      expect(ready.status).toBe(200);
      expect(ready.body.replicas[0]).toMatchObject({ name: 'replica-1', up: true });
      expect(await metric('hub_replica_lag_seconds')).toBeGreaterThan(0);
    } finally {
      await onStandby('select pg_wal_replay_resume()');
    }
    await caughtUp(cluster!);
    await until(async () => (await readyz()).body.replicas[0].lagSeconds === 0, 'the lag back to 0');
  });

  it('a standby that goes down sends the reads to the primary, and no request fails', async () => {
    cluster!.stopStandby();
    const answers = await Promise.all(Array.from({ length: 20 }, () => graphql('{ jurisdictions { code } }')));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.jurisdictions).toHaveLength(3);
    }
    const ready = await readyz();
    expect(ready.status).toBe(200);
    expect(ready.body.replicas[0].up).toBe(false);
    expect(await metric('hub_replica_up')).toBe(0);
  });
});
