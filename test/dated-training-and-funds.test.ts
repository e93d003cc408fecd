/**
 * A training event's status and a fund's openness follow from their dates, read the same on every path, on any day,
 * with nothing rewriting the rows in between.
 *
 * 1. The rules in SQL equal their code twins: trainingEventStatusSql and each status's `is()` against
 *    trainingEventStatusAsRead, fundOpenOnSql against fundOpenOn, on the days around each boundary.
 * 2. One SCHEDULED event, today moved from the day before it starts to the day after it ends: by id, node(), lists
 *    filtered on the status (eq, in, ne), ordered by it (and paged by cursor), nested under its organisation and
 *    under a registration, and registration (taken before the start, refused as COMPLETED after the end).
 * 3. One fund with a closing day and one without, today moved across opensOn and closesOn: openToday by id, node(),
 *    the list and nested under the state, the period figures of workforceMetrics, and applications (refused while
 *    closed, taken while open).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { fundOpenOn, fundOpenOnSql } from '../src/domain/assistance/open';
import { TrainingEventStatus } from '../src/domain/training/enums';
import { trainingEventStatusAsRead, trainingEventStatusIsSql, trainingEventStatusSql } from '../src/domain/training/status';
import { dayLiteral } from '../src/graphql/dated';
import { toGlobalId } from '../src/graphql/global-id';
import { addDays } from '../src/graphql/scalars';
import { as, freezeToday, startTestHub, unfreezeToday, type TestHub } from './kit';

afterAll(() => unfreezeToday());

const STARTS = '2026-09-14';
const ENDS = '2026-09-18';
const OPENS = '2026-10-01';
const CLOSES = '2026-10-31';

describe('the rules in SQL are the rules in code', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ migrate: false });
  });
  afterAll(() => hub?.close());

  it('training events: every stored status on the days around endsOn', async () => {
    const statuses = Object.values(TrainingEventStatus);
    const table = `(values ${statuses.map((s, i) => `(${i}, '${s}', date '${ENDS}')`).join(', ')}) e(i, status, ends_on)`;
    let compared = 0;
    for (const day of [addDays(ENDS, -1), ENDS, addDays(ENDS, 1), '2030-01-01']) {
      const D = dayLiteral(day);
      const is = statuses.map((s) => `${trainingEventStatusIsSql('e', D, s)} as "${s}"`).join(', ');
      const read = await hub.sql<Record<string, unknown>>(`select e.i, ${trainingEventStatusSql('e', D)} as status, ${is} from ${table} order by e.i`);
      for (const row of read) {
        const stored = statuses[row.i as number];
        const expected = trainingEventStatusAsRead(stored, ENDS, day);
        expect(row.status, `${day} ${stored}`).toBe(expected);
        for (const s of statuses) expect(row[s] === true, `${day} ${stored} is ${s}`).toBe(s === expected);
        compared++;
      }
    }
    expect(compared).toBe(statuses.length * 4);
    // the one change the rule makes: SCHEDULED reads COMPLETED from the day after the last
    expect(trainingEventStatusAsRead('SCHEDULED', ENDS, ENDS)).toBe('SCHEDULED');
    expect(trainingEventStatusAsRead('SCHEDULED', ENDS, addDays(ENDS, 1))).toBe('COMPLETED');
  });

  it('funds: open from opensOn through closesOn, or from opensOn on without a closing day', async () => {
    const funds = [{ opensOn: OPENS, closesOn: CLOSES }, { opensOn: OPENS, closesOn: null }, { opensOn: OPENS, closesOn: OPENS }];
    const table = `(values ${funds.map((f, i) => `(${i}, date '${f.opensOn}', ${f.closesOn ? `date '${f.closesOn}'` : 'null::date'})`).join(', ')}) f(i, opens_on, closes_on)`;
    const days = [addDays(OPENS, -1), OPENS, addDays(OPENS, 1), CLOSES, addDays(CLOSES, 1)];
    const open: string[] = [];
    for (const day of days) {
      const read = await hub.sql<{ i: number; open: boolean }>(`select f.i, ${fundOpenOnSql('f', dayLiteral(day))} as open from ${table} order by f.i`);
      for (const row of read) {
        const fund = funds[row.i];
        expect(row.open, `${day} ${JSON.stringify(fund)}`).toBe(fundOpenOn(fund.opensOn, fund.closesOn, day));
        if (row.open) open.push(`${row.i} ${day}`);
      }
    }
    expect(open).toEqual([
      `0 ${OPENS}`, `1 ${OPENS}`, `2 ${OPENS}`, `0 ${addDays(OPENS, 1)}`, `1 ${addDays(OPENS, 1)}`, `0 ${CLOSES}`, `1 ${CLOSES}`, `1 ${addDays(CLOSES, 1)}`,
    ]);
  });
});

describe('a training event and two funds, today moved across their dates, nothing rewriting the rows', () => {
  let hub: TestHub;
  const CORE = toGlobalId('TrainingEvent', 1);
  const REGISTRATION = `mutation($input: RegisterForTrainingEventInput!) { registerForTrainingEvent(input: $input) { status event { status } } }`;
  const APPLY = `mutation($input: SubmitAssistanceApplicationInput!) { submitAssistanceApplication(input: $input) { status fund { openToday } } }`;

  beforeAll(async () => {
    freezeToday(addDays(STARTS, -1));
    hub = await startTestHub({ env: { STATUS_SWEEP_HOURS: '0' } });
    await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
    await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ada', 'Larsen', 1), (2, 'Ben', 'Berg', 1), (3, 'Cleo', 'Lund', 1)`);
    await hub.sql(`insert into training_organization (id, name, jurisdiction_id, approved) values (1, 'North Star Training', 1, true)`);
    // 1 is the event the dates drive; 2 and 3 keep their stored CANCELLED and COMPLETED, to filter and order among
    await hub.sql(`insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats) values
      (1, 1, 1, 'Core', 'CORE', 'IN_PERSON', 'SCHEDULED', '${STARTS}', '${ENDS}', 40, 0, 0, 20),
      (2, 1, 1, 'Cancelled', 'CORE', 'IN_PERSON', 'CANCELLED', '${STARTS}', '${ENDS}', 40, 0, 0, 20),
      (3, 1, 1, 'Done', 'CORE', 'IN_PERSON', 'COMPLETED', '2026-06-01', '2026-06-05', 40, 0, 0, 20)`);
    await hub.sql(`insert into assistance_fund (id, jurisdiction_id, sponsor, name, purposes, fiscal_year, budget_cents, opens_on, closes_on) values
      (1, 1, 'PeerForce', 'Autumn', '{TRAINING}', 2026, 10000, '${OPENS}', '${CLOSES}'),
      (2, 1, 'PeerForce', 'Standing', '{TRAINING}', 2026, 50000, '${OPENS}', null)`);
  });
  afterAll(() => hub?.close());

  /** Every path's reading of the event's status on the frozen day, as ADMIN. */
  async function eventReadings(day: string) {
    freezeToday(day);
    const admin = await as({ role: Role.ADMIN });
    const statuses = Object.values(TrainingEventStatus);
    const counts = statuses.map((s) => `${s}: trainingEvents(filter: { status: { eq: ${s} } }) { nodes { title } }`).join(' ');
    const result = await hub.query<any>(
      `{ trainingEvent(id: "${CORE}") { status } node(id: "${CORE}") { ... on TrainingEvent { status } }
         ${counts}
         ended: trainingEvents(filter: { status: { in: [COMPLETED, CANCELLED] } }) { totalCount }
         notScheduled: trainingEvents(filter: { status: { ne: SCHEDULED } }) { totalCount }
         ordered: trainingEvents(first: 2, orderBy: [{ field: STATUS }]) { nodes { title status } pageInfo { endCursor } }
         trainingOrganizations { nodes { events { nodes { title status } } completedEvents: events(filter: { status: { eq: COMPLETED } }) { totalCount } } } }`,
      undefined,
      admin,
    );
    expect(result.errors, day).toBeUndefined();
    const d = result.data;
    const rest = await hub.query<any>(
      `{ trainingEvents(first: 2, after: "${d.ordered.pageInfo.endCursor}", orderBy: [{ field: STATUS }]) { nodes { title status } } }`,
      undefined,
      admin,
    );
    expect(rest.errors, day).toBeUndefined();
    return {
      byId: d.trainingEvent.status,
      node: d.node.status,
      filtered: Object.fromEntries(statuses.map((s) => [s, d[s].nodes.map((n: any) => n.title)])),
      ended: d.ended.totalCount,
      notScheduled: d.notScheduled.totalCount,
      ordered: [...d.ordered.nodes, ...rest.data.trainingEvents.nodes].map((n: any) => `${n.title} ${n.status}`),
      nested: d.trainingOrganizations.nodes[0].events.nodes.find((n: any) => n.title === 'Core').status,
      nestedCompleted: d.trainingOrganizations.nodes[0].completedEvents.totalCount,
    };
  }

  it.each([
    [addDays(ENDS, -1), 'SCHEDULED'],
    [ENDS, 'SCHEDULED'],
    [addDays(ENDS, 1), 'COMPLETED'],
  ])('on %s the event reads %s on every path', async (day, status) => {
    const scheduled = status === 'SCHEDULED';
    expect(await eventReadings(day)).toEqual({
      byId: status,
      node: status,
      filtered: scheduled ? { SCHEDULED: ['Core'], CANCELLED: ['Cancelled'], COMPLETED: ['Done'] } : { SCHEDULED: [], CANCELLED: ['Cancelled'], COMPLETED: ['Core', 'Done'] },
      ended: scheduled ? 2 : 3,
      notScheduled: scheduled ? 2 : 3,
      // ordered by the status as read, then by id; the cursor carries that order to the second page
      ordered: scheduled ? ['Cancelled CANCELLED', 'Done COMPLETED', 'Core SCHEDULED'] : ['Cancelled CANCELLED', 'Core COMPLETED', 'Done COMPLETED'],
      nested: status,
      nestedCompleted: scheduled ? 1 : 2,
    });
    expect(await hub.sql(`select status from training_event where id = 1`)).toEqual([{ status: 'SCHEDULED' }]);
  });

  it('takes a registration before the start, and refuses one after the end as COMPLETED', async () => {
    freezeToday(addDays(STARTS, -1));
    const before = await hub.query<any>(REGISTRATION, { input: { eventId: CORE, personId: toGlobalId('PeerSpecialist', 1) } }, await as({ role: Role.ADMIN }));
    expect(before.errors).toBeUndefined();
    expect(before.data.registerForTrainingEvent).toEqual({ status: 'REGISTERED', event: { status: 'SCHEDULED' } });

    freezeToday(addDays(ENDS, 1));
    const admin = await as({ role: Role.ADMIN });
    const after = await hub.query<any>(REGISTRATION, { input: { eventId: CORE, personId: toGlobalId('PeerSpecialist', 2) } }, admin);
    expect(after.status).toBe(409);
    expect(after.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentStatus: 'COMPLETED' });
    expect(after.errors![0].message).toBe(`training event ${CORE} is COMPLETED (it ended on ${ENDS}): only a SCHEDULED event takes registrations`);
    expect(await hub.sql(`select person_id from training_registration order by person_id`)).toEqual([{ person_id: 1 }]);

    // the registration's event, nested the other way, reads COMPLETED too
    const nested = await hub.query<any>(`{ trainingRegistrations { nodes { event { status } } } }`, undefined, admin);
    expect(nested.data.trainingRegistrations.nodes).toEqual([{ event: { status: 'COMPLETED' } }]);
  });

  /** Every path's reading of the funds' openness on the frozen day, as ADMIN and as the public. */
  async function fundReadings(day: string) {
    freezeToday(day);
    const admin = await as({ role: Role.ADMIN });
    const [AUTUMN, STANDING] = [1, 2].map((key) => toGlobalId('AssistanceFund', key));
    const result = await hub.query<any>(
      `{ autumn: assistanceFund(id: "${AUTUMN}") { openToday } node(id: "${STANDING}") { ... on AssistanceFund { openToday } }
         jurisdictions { assistanceFunds { nodes { name openToday } } }
         workforceMetrics(filter: { asOf: "${day}", period: { from: "${day}", to: "${day}" } }) { byJurisdiction { assistanceBudgetCents } } }`,
      undefined,
      admin,
    );
    expect(result.errors, day).toBeUndefined();
    const listed = await hub.query<any>(`{ assistanceFunds { nodes { name openToday } } }`, undefined, { authorization: '' });
    expect(listed.errors, day).toBeUndefined();
    const d = result.data;
    return {
      autumn: d.autumn.openToday,
      standing: d.node.openToday,
      nested: d.jurisdictions[0].assistanceFunds.nodes.map((n: any) => `${n.name} ${n.openToday}`),
      listed: listed.data.assistanceFunds.nodes.map((n: any) => `${n.name} ${n.openToday}`),
      budget: d.workforceMetrics.byJurisdiction[0].assistanceBudgetCents,
    };
  }

  it.each([
    [addDays(OPENS, -1), false, false],
    [OPENS, true, true],
    [CLOSES, true, true],
    [addDays(CLOSES, 1), false, true],
  ])('on %s the autumn fund is open: %s, the standing fund: %s', async (day, autumn, standing) => {
    const both = [`Autumn ${autumn}`, `Standing ${standing}`];
    expect(await fundReadings(day)).toEqual({ autumn, standing, nested: both, listed: both, budget: (autumn ? 10000 : 0) + (standing ? 50000 : 0) });
  });

  it('takes applications while a fund is open and refuses them, as CONFLICT, while it is closed', async () => {
    const apply = async (day: string, fund: number, person: number) => {
      freezeToday(day);
      const input = { fundId: toGlobalId('AssistanceFund', fund), applicantId: toGlobalId('PeerSpecialist', person), purpose: 'TRAINING', requestedCents: 1000 };
      return hub.query<any>(APPLY, { input }, await as({ role: Role.ADMIN }));
    };
    const early = await apply(addDays(OPENS, -1), 1, 1);
    expect(early.status).toBe(409);
    expect(early.errors![0].extensions!.code).toBe('CONFLICT');
    expect(early.errors![0].message).toContain(`not today (${addDays(OPENS, -1)})`);

    for (const [day, person] of [[OPENS, 1], [CLOSES, 2]] as const) {
      const taken = await apply(day, 1, person);
      expect(taken.errors, day).toBeUndefined();
      expect(taken.data.submitAssistanceApplication).toEqual({ status: 'SUBMITTED', fund: { openToday: true } });
    }

    const late = await apply(addDays(CLOSES, 1), 1, 3);
    expect(late.status).toBe(409);
    expect(late.errors![0].extensions!.code).toBe('CONFLICT');
    const standing = await apply(addDays(CLOSES, 1), 2, 3);
    expect(standing.errors).toBeUndefined();
    expect(await hub.sql(`select fund_id, applicant_id from assistance_application order by id`)).toEqual([
      { fund_id: 1, applicant_id: 1 }, { fund_id: 1, applicant_id: 2 }, { fund_id: 2, applicant_id: 3 },
    ]);
  });
});
