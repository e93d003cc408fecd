/**
 * "200 concurrent approvals against one fund, sent to two separate hub processes, never overspend it": the built hub
 * twice, as child processes on one PostgreSQL database, approving at once more applications than the fund can pay
 * for; then concurrent submits repeating idempotency keys across the two processes. Real PostgreSQL only (the
 * embedded PGlite is one process's database): skipped unless TEST_DATABASE_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { signToken, type TokenArgs } from '../../src/cli/token';
import { loadConfig } from '../../src/config';
import { toGlobalId } from '../../src/graphql/global-id';
import { startHubProcesses, startMigratedDatabase } from './hubs';
import { stopChild } from '../bench/load';
import type { TestDatabase } from '../kit';

const AWARDS = 73;
const AWARD = 1000;
const APPLICATIONS = 200;
const KEYS = 20;
const REPEATS = 5;

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A development token: the children run outside production with no JWT_* setting, so the development secret applies. */
async function bearer(args: Partial<TokenArgs> & Pick<TokenArgs, 'role' | 'subject'>): Promise<string> {
  return `Bearer ${await signToken({ jurisdictions: [], employerId: null, peerId: null, expiresIn: '1h', ...args }, loadConfig({}))}`;
}

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] };
}

async function post(url: URL, authorization: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const APPROVE = `mutation ($id: ID!, $cents: Int!) { approveAssistanceApplication(id: $id, awardedCents: $cents) { id status awardedCents reviewer } }`;
const SUBMIT = `mutation ($input: SubmitAssistanceApplicationInput!) { submitAssistanceApplication(input: $input) { id status requestedCents } }`;

describe.runIf(process.env.TEST_DATABASE_URL)('two hub processes on one PostgreSQL database', () => {
  let db: TestDatabase | undefined;
  let sql: Client | undefined;
  const hubs: { child: ChildProcess; url: URL }[] = [];

  const rows = async <T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> => (await sql!.query(text, params)).rows as T[];

  beforeAll(async () => {
    ({ db, sql } = await startMigratedDatabase());
    await rows(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
      (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
    await rows(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'MN Certification Board', 'CERTIFICATION_BOARD', '[]')`);
    await rows(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
      (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
    await rows(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'Peer', 'Number ' || i, 1 from generate_series(1, 10) i`);
    // fund 1: exactly 73 awards of 1,000, no cap; fund 2: for the submits
    await rows(
      `insert into assistance_fund (id, jurisdiction_id, sponsor, name, purposes, fiscal_year, budget_cents, committed_cents, per_award_cap_cents, opens_on, closes_on) values
        (1, 1, 'PeerForce', 'MN Exam Fund', '{EXAM,TRAINING}', $1, $2, 0, null, $3, null),
        (2, 1, 'PeerForce', 'MN Training Fund', '{TRAINING}', $1, 100000000, 0, null, $3, null)`,
      [Number(day(0).slice(0, 4)), AWARDS * AWARD, day(-1)],
    );
    await rows(
      `insert into assistance_application (fund_id, applicant_id, purpose, requested_cents, status, submitted_at)
       select 1, 1 + i % 10, 'EXAM', 1000 + (i % 3) * 500, 'SUBMITTED', now() - make_interval(mins => i) from generate_series(1, $1) i`,
      [APPLICATIONS],
    );

    await startHubProcesses(hubs, db.url);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => stopChild(hub.child)));
    await sql?.end();
    await db?.close();
  }, 60_000);

  it('200 approvals at once over two processes: exactly 73 awards, 127 CONFLICT, the budget committed to the cent', async () => {
    expect(hubs).toHaveLength(2);
    expect(hubs[0].url.port).not.toBe(hubs[1].url.port);
    const reviewer = await bearer({ role: Role.FUND_REVIEWER, jurisdictions: ['MN'], subject: 'e2e-reviewer-mn' });
    const ids = (await rows<{ id: number }>(`select id from assistance_application where fund_id = 1 order by id`)).map((r) => r.id);
    expect(ids).toHaveLength(APPLICATIONS);

    const answers = await Promise.all(
      ids.map((key, i) => post(hubs[i % 2].url, reviewer, APPROVE, { id: toGlobalId('AssistanceApplication', key), cents: AWARD })),
    );

    const approved = answers.map((answer, i) => ({ answer, key: ids[i], hub: i % 2 })).filter(({ answer }) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 409);
    expect({ approved: approved.length, refused: refused.length, other: answers.length - approved.length - refused.length }).toEqual({
      approved: AWARDS,
      refused: APPLICATIONS - AWARDS,
      other: 0,
    });
    for (const { answer, key } of approved) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.approveAssistanceApplication).toEqual({
        id: toGlobalId('AssistanceApplication', key),
        status: 'APPROVED',
        awardedCents: AWARD,
        reviewer: 'e2e-reviewer-mn',
      });
    }
    for (const answer of refused) {
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', remainingCents: 0 });
    }

    expect(await rows(`select budget_cents, committed_cents from assistance_fund where id = 1`)).toEqual([{ budget_cents: AWARDS * AWARD, committed_cents: AWARDS * AWARD }]);
    expect(await rows(`select status, count(*)::int as n, sum(awarded_cents)::int as awarded, count(decided_at)::int as decided,
        count(*) filter (where reviewer = 'e2e-reviewer-mn')::int as by_reviewer
      from assistance_application where fund_id = 1 group by status order by status`)).toEqual([
      { status: 'APPROVED', n: AWARDS, awarded: AWARDS * AWARD, decided: AWARDS, by_reviewer: AWARDS },
      { status: 'SUBMITTED', n: APPLICATIONS - AWARDS, awarded: null, decided: 0, by_reviewer: 0 },
    ]);
    const approvedKeys = (await rows<{ id: number }>(`select id from assistance_application where status = 'APPROVED' order by id`)).map((r) => r.id);
    expect(approvedKeys).toEqual(approved.map(({ key }) => key).sort((a, b) => a - b));

    // one audit record per changed row, none for a refused approval
    const audits = await rows<{ entity_type: string; entity_key: number; subject: string; action: string }>(
      `select entity_type, entity_key, subject, action from audit_record order by id`,
    );
    expect(audits.filter((r) => r.entity_type === 'AssistanceApplication').map((r) => r.entity_key).sort((a, b) => a - b)).toEqual(approvedKeys);
    expect(audits.filter((r) => r.entity_type === 'AssistanceFund').map((r) => r.entity_key)).toEqual(Array(AWARDS).fill(1));
    expect(audits).toHaveLength(2 * AWARDS);
    expect(audits.every((r) => r.subject === 'e2e-reviewer-mn' && r.action === 'approveAssistanceApplication')).toBe(true);
  }, 120_000);

  it('the fund\'s audit records show each award as it was committed: before + 1,000 = after, 1,000 up to 73,000', async () => {
    const funds = await rows<{ before: { committed_cents: number }; after: { committed_cents: number } }>(
      `select before, after from audit_record where entity_type = 'AssistanceFund' order by id`,
    );
    expect(funds).toHaveLength(AWARDS);
    expect(funds.map((r) => r.after.committed_cents).sort((a, b) => a - b)).toEqual(Array.from({ length: AWARDS }, (_, i) => (i + 1) * AWARD));
    const inconsistent = funds.filter((r) => r.before.committed_cents !== r.after.committed_cents - AWARD);
    expect(inconsistent.map((r) => [r.before.committed_cents, r.after.committed_cents])).toEqual([]);
  }, 30_000);

  it('100 submits at once over two processes with 20 idempotency keys, 5 each: exactly 20 new applications', async () => {
    const peer = await bearer({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 1), subject: 'e2e-peer-1' });
    const before = await rows<{ n: number }>(`select count(*)::int as n from assistance_application`);
    // request j carries key floor(j / 5) and goes to process j % 2: every key reaches both processes
    const answers = await Promise.all(
      Array.from({ length: KEYS * REPEATS }, (_, j) => {
        const k = Math.floor(j / REPEATS);
        return post(hubs[j % 2].url, peer, SUBMIT, { input: { fundId: toGlobalId('AssistanceFund', 2), purpose: 'TRAINING', requestedCents: 100 + k, idempotencyKey: `e2e-key-${k}` } });
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(KEYS * REPEATS).fill(200));
    expect(answers.every((a) => a.body.errors === undefined)).toBe(true);
    const idsByKey = new Map<number, Set<string>>();
    answers.forEach((answer, j) => {
      const k = Math.floor(j / REPEATS);
      const application = answer.body.data!.submitAssistanceApplication;
      expect(application).toMatchObject({ status: 'SUBMITTED', requestedCents: 100 + k });
      idsByKey.set(k, (idsByKey.get(k) ?? new Set()).add(application.id));
    });
    expect([...idsByKey.values()].map((set) => set.size)).toEqual(Array(KEYS).fill(1));
    const ids = new Set([...idsByKey.values()].map((set) => [...set][0]));
    expect(ids.size).toBe(KEYS);

    expect(await rows(`select count(*)::int as n from assistance_application`)).toEqual([{ n: before[0].n + KEYS }]);
    const made = await rows<{ id: number; requested_cents: number; applicant_id: number; status: string }>(
      `select id, requested_cents, applicant_id, status from assistance_application where fund_id = 2 order by requested_cents`,
    );
    expect(made.map((r) => [r.requested_cents, r.applicant_id, r.status])).toEqual(Array.from({ length: KEYS }, (_, k) => [100 + k, 1, 'SUBMITTED']));
    expect(new Set(made.map((r) => toGlobalId('AssistanceApplication', r.id)))).toEqual(ids);
    expect(await rows(`select count(*)::int as n, count(result_key)::int as with_result from idempotency_key where subject = 'e2e-peer-1'`)).toEqual([{ n: KEYS, with_result: KEYS }]);
    expect(await rows(`select count(*)::int as n from audit_record where action = 'submitAssistanceApplication'`)).toEqual([{ n: KEYS }]);
  }, 120_000);
});
