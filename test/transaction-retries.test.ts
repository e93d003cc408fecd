/**
 * A mutation's transaction that PostgreSQL stops (deadlock_detected, serialization_failure) runs again, and after
 * the third stop answers TRANSACTION_CONFLICT (503, retry-after) with nothing written: never an internal error. The
 * stops are made by a trigger that raises the SQLSTATE while a counter (a sequence: it counts rolled-back runs too)
 * is below a threshold.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { TRANSACTION_ATTEMPTS } from '../src/graphql/mutation';
import { jobPostingDraft, startTestHub, tokenFor, type TestHub } from './kit';

let hub: TestHub;

const CREATE = `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id title } }`;
const input = (title: string) => jobPostingDraft({ employerId: toGlobalId('Employer', 1), title });

async function post(title: string) {
  const response = await hub.server.app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: CREATE, variables: { input: input(title) } },
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor({ role: Role.ADMIN })}` },
  });
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], body: response.json() };
}

/** Every insert of a posting raises `state` until the transaction has run `stops` times. */
async function stopRuns(state: string, stops: number): Promise<void> {
  await hub.sql(`drop sequence if exists test_runs`);
  await hub.sql(`create sequence test_runs`);
  await hub.sql(`create or replace function test_stop() returns trigger language plpgsql as $$
    begin
      if nextval('test_runs') <= ${stops} then raise exception 'stopped by the test' using errcode = '${state}'; end if;
      return new;
    end $$`);
  await hub.sql(`drop trigger if exists test_stop on job_posting`);
  await hub.sql(`create trigger test_stop before insert on job_posting for each row execute function test_stop()`);
}

const runs = async () => (await hub.sql<{ n: number }>(`select last_value::int as n from test_runs`))[0].n;
const postings = async (title: string) => (await hub.sql<{ n: number }>(`select count(*)::int as n from job_posting where title = ?`, [title]))[0].n;
const audits = async () => (await hub.sql<{ n: number }>(`select count(*)::int as n from audit_record`))[0].n;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'North Star Peer Network', 'PEER_RUN_ORGANIZATION', 'Duluth')`);
});

afterAll(async () => {
  await hub?.close();
});

beforeEach(async () => {
  await hub.sql(`drop trigger if exists test_stop on job_posting`);
});

describe('a transaction PostgreSQL stops', () => {
  it.each(['40P01', '40001'])('%s twice: the third run is made, once', async (state) => {
    await stopRuns(state, TRANSACTION_ATTEMPTS - 1);
    const before = await audits();
    const answer = await post(`retried ${state}`);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.createJobPostingDraft.title).toBe(`retried ${state}`);
    expect(await runs()).toBe(TRANSACTION_ATTEMPTS);
    expect(await postings(`retried ${state}`)).toBe(1);
    expect(await audits()).toBe(before + 1);
  });

  it.each(['40P01', '40001'])('%s every time: TRANSACTION_CONFLICT (503, retry-after) after the third run, nothing written', async (state) => {
    await stopRuns(state, 1000);
    const before = await audits();
    const answer = await post(`refused ${state}`);
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('1');
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'TRANSACTION_CONFLICT', sqlState: state });
    expect(answer.body.errors[0].message).toContain('nothing was written: send it again');
    expect(await runs()).toBe(TRANSACTION_ATTEMPTS);
    expect(await postings(`refused ${state}`)).toBe(0);
    expect(await audits()).toBe(before);
  });

  it('any other error is not run again (a fault of the server: masked, logged)', async () => {
    await stopRuns('23514', 1000);
    const answer = await post('not retried');
    expect(answer.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(answer.body.errors[0].message).not.toContain('stopped by the test');
    expect(await runs()).toBe(1);
    expect(await postings('not retried')).toBe(0);
  });
});
