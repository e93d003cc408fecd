/**
 * The training calendar anyone reads: upcoming events (not past their last day, not cancelled) by state, format,
 * dates, city, CE and ethics hours, price and seats left; seats left a count computed in SQL from the registrations
 * holding a seat, which a caller without a token reads while the registrations themselves stay hidden.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingCalendarDocument } from '../src/client/operations';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { addDays } from '../src/graphql/scalars';
import { as, asPeer, changeKit, freezeToday, startTestHub, unfreezeToday, type TestHub } from './kit';

const TODAY = '2026-12-04';
/** The one-day event whose day and the day after decide whether it is upcoming. */
const ONE_DAY = addDays(TODAY, 6);

let hub: TestHub;
const { ok } = changeKit(() => hub);
const event = (key: number) => toGlobalId('TrainingEvent', key);

/*
 * MN (1), TX (2); organisation 1. Events:
 *   1 TX IN_PERSON Austin, in 10 days, 24 seats: 21 REGISTERED, 1 COMPLETED, 3 CANCELLED, 2 WAITLISTED; 6 CE, 3 ethics, $50
 *   2 MN VIRTUAL_LIVE, in 20 to 21 days, 30 seats, none taken; 3 CE, 0 ethics, free
 *   3 TX IN_PERSON Houston, one day (ONE_DAY), 12 seats, all REGISTERED; 2 CE, 2 ethics, $25
 *   4 TX IN_PERSON Austin, in 15 days, CANCELLED
 *   5 TX HYBRID Dallas, ended yesterday (SCHEDULED as stored: reads COMPLETED)
 *   6 TX VIRTUAL_LIVE, started 2 days ago, ends in 2 days, 20 seats, 5 REGISTERED; 20 CE, 3 ethics, $400
 */
beforeAll(async () => {
  freezeToday(TODAY);
  hub = await startTestHub({ env: { STATUS_SWEEP_HOURS: '0' } });
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values
    (1, 'MN', 'Minnesota', '27', 5700000, 2024, '[]'), (2, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, 2 from generate_series(1, 60) i`);
  await hub.sql(`insert into training_organization (id, name, jurisdiction_id, approved) values (1, 'Lone Star Training', 2, true)`);
  const row = (id: number, jurisdiction: number, format: string, status: string, starts: string, ends: string, city: string | null, ce: number, ethics: number, price: number, seats: number) =>
    hub.sql(
      `insert into training_event (id, organization_id, jurisdiction_id, title, course_kind, format, status, starts_on, ends_on, city, contact_hours, ce_hours, ethics_hours, price_cents, seats)
       values (?, 1, ?, ?, 'CEU', ?, ?, ?::date, ?::date, ?, ?, ?, ?, ?, ?)`,
      [id, jurisdiction, `Event ${id}`, format, status, starts, ends, city, ce, ce, ethics, price, seats],
    );
  await row(1, 2, 'IN_PERSON', 'SCHEDULED', addDays(TODAY, 10), addDays(TODAY, 10), 'Austin', 6, 3, 5000, 24);
  await row(2, 1, 'VIRTUAL_LIVE', 'SCHEDULED', addDays(TODAY, 20), addDays(TODAY, 21), null, 3, 0, 0, 30);
  await row(3, 2, 'IN_PERSON', 'SCHEDULED', ONE_DAY, ONE_DAY, 'Houston', 2, 2, 2500, 12);
  await row(4, 2, 'IN_PERSON', 'CANCELLED', addDays(TODAY, 15), addDays(TODAY, 15), 'Austin', 6, 0, 5000, 24);
  await row(5, 2, 'HYBRID', 'SCHEDULED', addDays(TODAY, -3), addDays(TODAY, -1), 'Dallas', 6, 0, 0, 24);
  await row(6, 2, 'VIRTUAL_LIVE', 'SCHEDULED', addDays(TODAY, -2), addDays(TODAY, 2), null, 20, 3, 40000, 20);
  const register = (eventKey: number, from: number, to: number, status: string, waitlisted = false) =>
    hub.sql(
      `insert into training_registration (event_id, person_id, status, registered_at, waitlist_number)
       select ?, i, ?, now() - interval '3 days', ${waitlisted ? `i - ${from} + 1` : 'null'} from generate_series(?::int, ?::int) i`,
      [eventKey, status, from, to],
    );
  await register(1, 1, 21, 'REGISTERED');
  await register(1, 22, 22, 'COMPLETED');
  await register(1, 23, 25, 'CANCELLED');
  await register(1, 26, 27, 'WAITLISTED', true);
  await register(3, 1, 12, 'REGISTERED');
  await register(6, 30, 34, 'REGISTERED');
});
afterAll(async () => {
  await hub?.close();
  unfreezeToday();
});

interface CalendarEvent {
  id: string;
  seats: number;
  seatsLeft: number;
}

/** The keys of the events the calendar (TrainingCalendar, as a caller without a token) lists under the filter, soonest first. */
async function calendar(filter: Record<string, unknown>): Promise<number[]> {
  const result = await hub.run(TrainingCalendarDocument, { filter: filter as never, first: 50 }, await as('PUBLIC'));
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  const nodes = result.data!.trainingEvents.nodes;
  expect(result.data!.trainingEvents.totalCount).toBe(nodes.length);
  return nodes.map((n) => fromGlobalId(n.id).key);
}

describe('seats left, for a caller without a token', () => {
  it('are the seats minus the registrations holding one (registered or completed), while the registrations stay hidden', async () => {
    const read = await ok(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on TrainingEvent { id seats seatsLeft registrations { totalCount } } } }`,
      { ids: [1, 2, 3, 6].map(event) },
      await as('PUBLIC'),
    );
    const events = read as (CalendarEvent & { registrations: { totalCount: number } })[];
    expect(events.map((e) => [e.seats, e.seatsLeft, e.registrations.totalCount])).toEqual([
      [24, 2, 0],
      [30, 30, 0],
      [12, 0, 0],
      [20, 15, 0],
    ]);
    // the same figure counted in the database
    const counted = await hub.sql<{ id: number; left: number }>(
      `select e.id, e.seats - (select count(*) from training_registration r where r.event_id = e.id and r.status in ('REGISTERED', 'COMPLETED'))::int as left
         from training_event e where e.id in (1, 2, 3, 6) order by e.id`,
    );
    expect(counted.map((c) => c.left)).toEqual(events.map((e) => e.seatsLeft));
    // as an administrator, the registrations behind the count
    const admin = await ok(`query($id: ID!) { trainingEvent(id: $id) { seatsLeft registrations(filter: { status: { in: [REGISTERED, COMPLETED] } }) { totalCount } } }`, { id: event(1) });
    expect(admin).toEqual({ seatsLeft: 2, registrations: { totalCount: 22 } });
  });

  it('follow the registrations as they change, read in the statement that reads the events', async () => {
    await hub.sql(`update training_registration set status = 'CANCELLED' where event_id = 1 and person_id in (1, 2)`);
    const result = await hub.run(TrainingCalendarDocument, { filter: { jurisdiction: { code: { eq: 'TX' } } }, first: 10 }, await as('PUBLIC'));
    const left = Object.fromEntries(result.data!.trainingEvents.nodes.map((n) => [fromGlobalId(n.id).key, n.seatsLeft]));
    expect(left).toEqual({ 1: 4, 3: 0, 6: 15 });
    // the page and its count: nothing more for the seats left
    expect(result.extensions!.sqlStatements).toBe(2);
    await hub.sql(`update training_registration set status = 'REGISTERED' where event_id = 1 and person_id in (1, 2)`);
  });

  it('a registration takes one at once: the answer of the mutation reads it', async () => {
    const registered = await ok(
      `mutation($input: RegisterForTrainingEventInput!) { registerForTrainingEvent(input: $input) { status event { seats seatsLeft } } }`,
      { input: { eventId: event(2) } },
      await asPeer(50),
    );
    expect(registered).toEqual({ status: 'REGISTERED', event: { seats: 30, seatsLeft: 29 } });
    await hub.sql(`delete from training_registration where event_id = 2`);
  });

  it('filter the calendar: events with a seat left, or room for a group', async () => {
    expect(await calendar({ seatsLeft: { gt: 0 } })).toEqual([6, 1, 2]);
    expect(await calendar({ seatsLeft: { gte: 15 } })).toEqual([6, 2]);
    expect(await calendar({ seatsLeft: { eq: 0 } })).toEqual([3]);
  });
});

describe('ethics hours', () => {
  it('each event carries its own, part of its CE hours', async () => {
    const read = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on TrainingEvent { ceHours ethicsHours } } }`, { ids: [1, 2, 3, 6].map(event) }, await as('PUBLIC'));
    expect(read).toEqual([
      { ceHours: 6, ethicsHours: 3 },
      { ceHours: 3, ethicsHours: 0 },
      { ceHours: 2, ethicsHours: 2 },
      { ceHours: 20, ethicsHours: 3 },
    ]);
  });

  it('an event never holds more ethics hours than CE hours, nor fewer than none', async () => {
    await expect(hub.sql(`update training_event set ethics_hours = 7 where id = 1`)).rejects.toThrow(/training_event_ethics_hours_check/);
    await expect(hub.sql(`update training_event set ethics_hours = -1 where id = 1`)).rejects.toThrow(/training_event_ethics_hours_check/);
  });

  it('the calendar finds the events that give the ethics hours a Texas renewal needs', async () => {
    expect(await calendar({ jurisdiction: { code: { eq: 'TX' } }, ethicsHours: { gte: 3 } })).toEqual([6, 1]);
    expect(await calendar({ ethicsHours: { gt: 0 } })).toEqual([6, 3, 1]);
  });
});

describe('the calendar, filtered on each field', () => {
  it('lists the upcoming events only, soonest first: not the cancelled one, nor the one that ended yesterday', async () => {
    expect(await calendar({ jurisdiction: { code: { in: ['MN', 'TX'] } } })).toEqual([6, 3, 1, 2]);
  });

  it('state', async () => {
    expect(await calendar({ jurisdiction: { code: { eq: 'MN' } } })).toEqual([2]);
  });

  it('format', async () => {
    expect(await calendar({ format: { eq: 'IN_PERSON' } })).toEqual([3, 1]);
    expect(await calendar({ format: { in: ['VIRTUAL_LIVE', 'SELF_PACED'] } })).toEqual([6, 2]);
  });

  it('dates: starting from a day, ending by a day', async () => {
    expect(await calendar({ startsOn: { gte: TODAY } })).toEqual([3, 1, 2]);
    expect(await calendar({ startsOn: { gte: TODAY }, endsOn: { lte: addDays(TODAY, 10) } })).toEqual([3, 1]);
  });

  it('city', async () => {
    expect(await calendar({ city: { eq: 'Houston' } })).toEqual([3]);
    expect(await calendar({ city: { startsWith: 'aus' } })).toEqual([1]);
    expect(await calendar({ city: { isNull: true } })).toEqual([6, 2]);
  });

  it('CE hours', async () => {
    expect(await calendar({ ceHours: { gte: 6 } })).toEqual([6, 1]);
    expect(await calendar({ ceHours: { lt: 3 } })).toEqual([3]);
  });

  it('price', async () => {
    expect(await calendar({ priceCents: { eq: 0 } })).toEqual([2]);
    expect(await calendar({ priceCents: { lte: 5000 } })).toEqual([3, 1, 2]);
  });
});

describe('upcoming, as of today', () => {
  afterAll(() => freezeToday(TODAY));

  it('a one-day event is on the calendar on its day, and off it the day after', async () => {
    const houston = { city: { eq: 'Houston' } };
    freezeToday(addDays(ONE_DAY, -1));
    expect(await calendar(houston)).toEqual([3]);
    freezeToday(ONE_DAY);
    expect(await calendar(houston)).toEqual([3]);
    expect(await ok(`query($id: ID!) { trainingEvent(id: $id) { status } }`, { id: event(3) }, await as('PUBLIC'))).toEqual({ status: 'SCHEDULED' });
    freezeToday(addDays(ONE_DAY, 1));
    expect(await calendar(houston)).toEqual([]);
    expect(await ok(`query($id: ID!) { trainingEvent(id: $id) { status } }`, { id: event(3) }, await as('PUBLIC'))).toEqual({ status: 'COMPLETED' });
    // stored as it was: the day decides, not a sweep
    expect(await hub.sql(`select status from training_event where id = 3`)).toEqual([{ status: 'SCHEDULED' }]);
  });
});
