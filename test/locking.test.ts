/**
 * The lock order of docs/locking.md: MutationTx refuses a lock out of order, no workflow locks rows in SQL of its own,
 * each parent the order names is the row's foreign key, and every pair of mutations of one row sent at once in one
 * process ends in a success or a documented refusal with the rows consistent (test/concurrency-pairs.ts; over two
 * processes on PostgreSQL in test/e2e/workflow-concurrency.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../src/graphql/catalog';
import { toGlobalId } from '../src/graphql/global-id';
import { todayUtc } from '../src/graphql/scalars';
import { LOCK_ORDER, LOCK_PARENTS, LockOrder } from '../src/graphql/mutation';
import { fromRoot } from '../src/paths';
import { baseOf, PEOPLE, preparePairs, runPairs, SCENARIOS, type Harness } from './concurrency-pairs';
import { startTestHub, type TestHub } from './kit';

describe('the lock order', () => {
  it('admits parents before children, rows of a type by ascending key, and a row held already', () => {
    const order = new LockOrder();
    order.admit('TrainingEvent', 7);
    order.admit('TrainingRegistration', 50, true);
    // the first waiting, of a lower key, under the event held
    order.admit('TrainingRegistration', 30, true);
    order.admit('TrainingEvent', 7);
    order.admit('Certification', 2);
    expect(order.holds('TrainingRegistration', 30)).toBe(true);
  });

  it('refuses a parent after its child, a lower key of a type without a parent held, and a type it does not know', () => {
    const child = new LockOrder();
    child.admit('TrainingRegistration', 5);
    expect(() => child.admit('TrainingEvent', 1)).toThrow(/lock order broken: TrainingEvent 1 after TrainingRegistration 5/);
    const funds = new LockOrder();
    funds.admit('AssistanceFund', 9);
    expect(() => funds.admit('AssistanceFund', 3)).toThrow(/lock order broken/);
    const later = new LockOrder();
    later.admit('JobPosting', 1);
    expect(() => later.admit('PeerSpecialist', 1)).toThrow(/lock order broken/);
    expect(() => new LockOrder().admit('Employer', 1)).toThrow(/no place in the lock order/);
  });

  it('is the only way a workflow locks a row: no FOR UPDATE or FOR SHARE elsewhere in src', () => {
    const offenders: string[] = [];
    // the webhook dispatcher's claim: one statement that skips locked deliveries, so it never waits on a lock
    const allowed = ['graphql/mutation.ts', 'domain/webhooks/dispatcher.ts'];
    for (const file of readdirSync(fromRoot('src'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || allowed.includes(file)) continue;
      const text = readFileSync(fromRoot('src', file), 'utf8');
      if (/\bfor\s+(no\s+key\s+update|update|key\s+share|share)\b/i.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

describe('concurrent pairs of mutations of one row, in one process', () => {
  let hub: TestHub;
  let harness: Harness;
  const ROUNDS = 6;

  beforeAll(async () => {
    hub = await startTestHub();
    harness = {
      send: async (_via, query, variables) => hub.query(query, variables),
      sql: (text, params) => hub.sql(text, params),
    };
    await preparePairs(harness, PEOPLE);
  });
  afterAll(() => hub?.close());

  it('names as parents the foreign keys of the rows, to tables of types ordered before them', async () => {
    const catalog = new Catalog(hub.orm);
    for (const [child, parent] of Object.entries(LOCK_PARENTS)) {
      expect(LOCK_ORDER.indexOf(parent.type)).toBeLessThan(LOCK_ORDER.indexOf(child as (typeof LOCK_ORDER)[number]));
      const [fk] = await hub.sql<{ target: string }>(
        `select c.confrelid::regclass::text as target from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
          where c.contype = 'f' and c.conrelid = ?::regclass and a.attname = ?`,
        [catalog.get(child).table, parent.column],
      );
      expect(fk?.target, `${child}.${parent.column}`).toBe(catalog.get(parent.type).table);
    }
  });

  SCENARIOS.forEach((scenario, index) => {
    it(`${scenario.name}: ${ROUNDS} rounds at once`, async () => {
      const counted = await runPairs(harness, scenario, index, ROUNDS);
      expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(2 * ROUNDS);
    });
  });

  // PGlite runs one transaction at a time: nothing there can deadlock
  it.runIf(process.env.TEST_DATABASE_URL)('a transaction PostgreSQL stops to break a deadlock is run again: the change is made once, and the retry counted', async () => {
    const event = baseOf(SCENARIOS.length);
    await hub.sql(
      `insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats)
       values (?, 1, 1, 'Deadlock', 'CORE', 'IN_PERSON', 'SCHEDULED', ?::date + 10, ?::date + 12, 40, 0, 0, 5)`,
      [event, todayUtc(), todayUtc()],
    );
    const [{ id }] = await hub.sql<{ id: number }>(`insert into training_registration (event_id, person_id, status, registered_at) values (?, ?, 'REGISTERED', now()) returning id`, [event, event + 1]);
    // plain SQL that breaks the order: the registration, then its event; it waits longer than the hub's backend
    // before looking for a deadlock, so that PostgreSQL stops the hub's transaction, not this one
    const other = new Client({ connectionString: hub.db.url });
    await other.connect();
    try {
      await other.query(`set deadlock_timeout = '10s'`);
      await other.query('begin');
      await other.query(`select id from training_registration where id = $1 for update`, [id]);
      const cancelled = hub.query<{ cancelTrainingRegistration: { status: string } }>(`mutation($id: ID!) { cancelTrainingRegistration(id: $id) { status } }`, {
        id: toGlobalId('TrainingRegistration', id),
      });
      // the hub holds the event and waits for the registration
      for (let waited = 0; ; waited += 20) {
        const [{ waiting }] = (await other.query(`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows;
        if (waiting > 0) break;
        if (waited > 5000) throw new Error('the mutation never waited for the registration');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await other.query(`select id from training_event where id = $1 for update`, [event]);
      await other.query('rollback');
      const answer = await cancelled;
      expect({ status: answer.status, errors: answer.errors, data: answer.data }).toEqual({ status: 200, errors: undefined, data: { cancelTrainingRegistration: { status: 'CANCELLED' } } });
    } finally {
      await other.end();
    }
    expect(await hub.sql(`select count(*)::int as n from audit_record where action = 'cancelTrainingRegistration' and entity_key = ?`, [id])).toEqual([{ n: 1 }]);
    const metrics = (await hub.server.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('hub_transaction_retries_total{sqlstate="40P01"} 1');
  });
});
