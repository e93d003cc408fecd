/**
 * Supervisors' places under concurrency, over two hub processes on one PostgreSQL database (docs/locking.md): 40
 * requests accepted at once for a supervisor with 3 places, round after round, give 3 supervisions and 37 CONFLICT
 * answers with the capacity, never an internal error; the same intern asking the same supervisor 10 times at once
 * gets one request. Real PostgreSQL only: skipped unless TEST_DATABASE_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { signToken } from '../../src/cli/token';
import { loadConfig } from '../../src/config';
import { toGlobalId } from '../../src/graphql/global-id';
import { stopChild } from '../bench/load';
import type { TestDatabase } from '../kit';
import { startHubProcesses, startMigratedDatabase } from './hubs';

const ROUNDS = 5;
const PLACES = 3;
const INTERNS = 40;
const ACCEPT = `mutation($id: ID!) { acceptSupervision(id: $id) { id status } }`;
const REQUEST = `mutation($input: RequestSupervisionInput!) { requestSupervision(input: $input) { id status } }`;

interface Answer {
  status: number;
  data?: Record<string, { status: string } | null> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

describe.runIf(process.env.TEST_DATABASE_URL)('supervisors\' places under concurrency, two hub processes on one PostgreSQL database', () => {
  let db: TestDatabase | undefined;
  let sql: Client | undefined;
  const hubs: { child: ChildProcess; url: URL }[] = [];
  const config = loadConfig({});
  const tokenOf = async (role: Role, peerId: number | null) =>
    `Bearer ${await signToken({ role, subject: `e2e-${role}-${peerId}`, jurisdictions: [], employerId: null, peerId: peerId === null ? null : toGlobalId('PeerSpecialist', peerId), expiresIn: '1h' }, config)}`;

  const send = async (via: number, authorization: string, query: string, variables: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(hubs[via % 2].url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
  };

  beforeAll(async () => {
    ({ db, sql } = await startMigratedDatabase());
    await sql.query(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'TX', 'Texas', '48', 30000000, 2024, '[]')`);
    await sql.query(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, 1 from generate_series(1, ${INTERNS + ROUNDS}) i`);
    // supervisor r (person 40 + r) for round r; every intern has asked each of them
    await sql.query(`insert into supervisor (id, person_id, jurisdiction_id, clinical_basis, accepts_external_supervisees, capacity)
      select r, ${INTERNS} + r, 1, 'OTHER', true, ${PLACES} from generate_series(1, ${ROUNDS}) r`);
    await sql.query(`insert into supervision (person_id, supervisor_id, status, requested_at)
      select i, r, 'REQUESTED', now() from generate_series(1, ${INTERNS}) i, generate_series(1, ${ROUNDS}) r`);
    await startHubProcesses(hubs, db.url, { STATUS_SWEEP_HOURS: '0' });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => stopChild(hub.child)));
    await sql?.end();
    await db?.close();
  }, 60_000);

  it(`${INTERNS} acceptances at once for ${PLACES} places, ${ROUNDS} rounds: ${PLACES} accepted each round`, async () => {
    expect(hubs).toHaveLength(2);
    const admin = await tokenOf(Role.ADMIN, null);
    for (let round = 1; round <= ROUNDS; round++) {
      const { rows } = await sql!.query<{ id: number }>(`select id from supervision where supervisor_id = $1 order by id`, [round]);
      const answers = await Promise.all(rows.map((row, i) => send(i, admin, ACCEPT, { id: toGlobalId('Supervision', row.id) })));
      const accepted = answers.filter((a) => a.data?.acceptSupervision?.status === 'ACCEPTED');
      expect(accepted).toHaveLength(PLACES);
      for (const refused of answers.filter((a) => !a.data?.acceptSupervision)) {
        expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
        expect(refused.errors![0].extensions).toMatchObject({ capacity: PLACES, supervisees: PLACES });
      }
      const { rows: counted } = await sql!.query(`select count(*)::int as n from supervision where supervisor_id = $1 and status = 'ACCEPTED'`, [round]);
      expect(counted).toEqual([{ n: PLACES }]);
    }
  }, 120_000);

  it('the same intern asking a supervisor 10 times at once gets one request', async () => {
    await sql!.query(`insert into supervisor (id, person_id, jurisdiction_id, clinical_basis, accepts_external_supervisees, capacity) values (99, 1, 1, 'OTHER', true, 1)`);
    const peer = await tokenOf(Role.PEER, INTERNS + 1);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i, peer, REQUEST, { input: { supervisorId: toGlobalId('Supervisor', 99) } })));
    expect(answers.filter((a) => a.data?.requestSupervision?.status === 'REQUESTED')).toHaveLength(1);
    for (const refused of answers.filter((a) => !a.data?.requestSupervision)) expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    const { rows } = await sql!.query(`select count(*)::int as n from supervision where supervisor_id = 99`);
    expect(rows).toEqual([{ n: 1 }]);
  }, 60_000);
});
