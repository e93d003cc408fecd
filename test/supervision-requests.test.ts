/**
 * Finding supervision: the public supervisor directory (what each role reads, its filters, places free as of today),
 * and the supervision an intern asks for: each transition, who may make it, refusals with their codes, the audit
 * record of every step, and the last place going once when acceptances race.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { as, asPeer, asSupervisor, audited, day, expectError, freezeToday, ok, refused, startTestHub, unfreezeToday, type TestHub } from './kit';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { datedColumn, dayLiteral } from '../src/graphql/dated';
import '../src/domain/supervision/directory';

let hub: TestHub;
const supervisor = (key: number) => toGlobalId('Supervisor', key);
const supervision = (key: number) => toGlobalId('Supervision', key);
const person = (key: number) => toGlobalId('PeerSpecialist', key);

const DIRECTORY = `query($filter: SupervisorFilter) { supervisors(first: 50, filter: $filter, orderBy: [{ field: ID }]) {
  totalCount nodes { id displayName city languages acceptsExternalSupervisees capacity placesFree credentialStatus credentialType { code }
    employer { name } person { id } supervisorCertification { id } supervisions { totalCount nodes { id } } } } }`;
const REQUEST = `mutation($input: RequestSupervisionInput!) { requestSupervision(input: $input) { id status message requestedAt startsOn endsOn person { id } supervisor { id } } }`;
const ACCEPT = `mutation($id: ID!) { acceptSupervision(id: $id) { id status startsOn endsOn decidedAt } }`;
const DECLINE = `mutation($id: ID!, $note: String) { declineSupervision(id: $id, note: $note) { id status decisionNote } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawSupervisionRequest(id: $id) { id status } }`;
const END = `mutation($id: ID!, $lastDay: Date) { endSupervision(id: $id, lastDay: $lastDay) { id status endsOn } }`;

type Directory = { supervisors: { totalCount: number; nodes: Record<string, any>[] } };

/*
 * Data: TX (1), MN (2); credential types 1 CPS (PEER, TX), 2 PSS (SUPERVISOR, TX). People 1..40, TX.
 * Employers 1 Alpha (Austin), 2 Beta (El Paso). Person 5 works for Beta today.
 * Supervisor credentials: 21 person 21 PSS ACTIVE; 22 person 22 PSS expired 30 days ago (stored ACTIVE); 23 person 23 PSS ACTIVE.
 * Supervisors: 1 person 21 "Rosa Garza", Austin, en+es, Alpha, external, capacity 2;
 *   2 person 22 "Dale Olson", El Paso, en, Beta, not external, capacity 3; 3 person 23 "Ana Ruiz", Austin, es, no employer, external, capacity 1;
 *   4 person 24 clinician, MN, capacity 5, no languages.
 * Supervisions of supervisor 1: person 30 accepted 100 days ago, ending 10 days from today.
 */
beforeAll(async () => {
  hub = await startTestHub();
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'TX', 'Texas', '48', 30000000, 2024, '[]'), (2, 'MN', 'Minnesota', '27', 5700000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'TX Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'CPS', 'Certified Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]'), (2, 1, 1, 'PSS', 'Peer Specialist Supervisor', 'SUPERVISOR', 'NONE', '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, 1 from generate_series(1, 40) i`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'Alpha', 'PEER_RUN_ORGANIZATION', 'Austin'), (2, 1, 'Beta', 'HOSPITAL', 'El Paso')`);
  await hub.sql(`insert into employment (person_id, employer_id, role, title, employment_type, started_on) values (5, 2, 'PEER_SPECIALIST_INTERN', 'Intern', 'FULL_TIME', ?)`, [day(-60)]);
  await hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on, full_certified_on) values
    (21, 21, 2, 1, 'ACTIVE', ?, ?, ?, ?), (22, 22, 2, 1, 'ACTIVE', ?, ?, ?, ?), (23, 23, 2, 1, 'ACTIVE', ?, ?, ?, ?)`, [
    day(-300), day(-300), day(400), day(-300), day(-700), day(-700), day(-30), day(-700), day(-300), day(-300), day(400), day(-300),
  ]);
  await hub.sql(`insert into supervisor (id, person_id, jurisdiction_id, employer_id, supervisor_certification_id, clinical_basis, accepts_external_supervisees, capacity, display_name, city, languages) values
    (1, 21, 1, 1, 21, 'CERTIFIED_PEER_SUPERVISOR', true, 2, 'Rosa Garza', 'Austin', '{en,es}'),
    (2, 22, 1, 2, 22, 'CERTIFIED_PEER_SUPERVISOR', false, 3, 'Dale Olson', 'El Paso', '{en}'),
    (3, 23, 1, null, 23, 'CERTIFIED_PEER_SUPERVISOR', true, 1, 'Ana Ruiz', 'Austin', '{es}'),
    (4, 24, 2, null, null, 'LICENSED_CLINICIAN', true, 5, null, null, '{}')`);
  await hub.sql(`insert into supervision (id, person_id, supervisor_id, status, requested_at, decided_at, starts_on, ends_on) values (1, 30, 1, 'ACCEPTED', now(), now(), ?, ?)`, [day(-100), day(10)]);
  await hub.sql(`select setval('supervision_id_seq', 100)`);
});
afterAll(() => hub?.close());
afterEach(() => unfreezeToday());

describe('the supervisor directory', () => {
  it('without a token and as a PEER: what supervisors publish, places free today, nothing of their person, certification or supervisees', async () => {
    for (const headers of [await as('PUBLIC'), await asPeer(9)]) {
      const supervisors = (await ok(hub, DIRECTORY, {}, headers)) as Directory['supervisors'];
      expect(supervisors.totalCount).toBe(4);
      expect(supervisors.nodes[0]).toEqual({
        id: supervisor(1), displayName: 'Rosa Garza', city: 'Austin', languages: ['en', 'es'], acceptsExternalSupervisees: true, capacity: 2,
        placesFree: 1, credentialStatus: 'ACTIVE', credentialType: { code: 'PSS' }, employer: { name: 'Alpha' },
        person: null, supervisorCertification: null, supervisions: { totalCount: 0, nodes: [] },
      });
      // the credential held 30 days past its expiry (no profile gives it grace) reads EXPIRED by its dates, though stored ACTIVE; a clinician holds none
      expect(supervisors.nodes.map((s) => [s.credentialStatus, s.credentialType?.code ?? null, s.placesFree])).toEqual([
        ['ACTIVE', 'PSS', 1], ['EXPIRED', 'PSS', 3], ['ACTIVE', 'PSS', 1], [null, null, 5],
      ]);
    }
  });

  it('the supervisor and ADMIN read the supervisees; a state analyst does not', async () => {
    const mine = (await ok(hub, DIRECTORY, { filter: { id: { eq: supervisor(1) } } }, await asSupervisor(21))) as Directory['supervisors'];
    expect(mine.nodes[0].supervisions).toEqual({ totalCount: 1, nodes: [{ id: supervision(1) }] });
    const admin = (await ok(hub, DIRECTORY, { filter: { id: { eq: supervisor(1) } } }, await as({ role: Role.ADMIN }))) as Directory['supervisors'];
    expect(admin.nodes[0].supervisions.totalCount).toBe(1);
    for (const headers of [await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] }), await asSupervisor(22)]) {
      const other = (await ok(hub, DIRECTORY, { filter: { id: { eq: supervisor(1) } } }, headers)) as Directory['supervisors'];
      expect(other.nodes[0].supervisions.totalCount).toBe(0);
      expect((await ok(hub, `{ supervisions(first: 5) { totalCount } }`, {}, headers)).totalCount).toBe(0);
    }
  });

  it('filters on each published value', async () => {
    const keys = async (filter: Record<string, unknown>) =>
      ((await ok(hub, DIRECTORY, { filter }, await as('PUBLIC'))) as Directory['supervisors']).nodes.map((s) => s.id);
    expect(await keys({ languages: { hasAny: ['es'] } })).toEqual([supervisor(1), supervisor(3)]);
    expect(await keys({ languages: { hasAll: ['en', 'es'] } })).toEqual([supervisor(1)]);
    expect(await keys({ languages: { hasAny: ['so', 'en'] } })).toEqual([supervisor(1), supervisor(2)]);
    expect(await keys({ languages: { isEmpty: true } })).toEqual([supervisor(4)]);
    expect(await keys({ city: { eq: 'Austin' } })).toEqual([supervisor(1), supervisor(3)]);
    expect(await keys({ displayName: { startsWith: 'dale' } })).toEqual([supervisor(2)]);
    expect(await keys({ employer: { name: { eq: 'Beta' } } })).toEqual([supervisor(2)]);
    expect(await keys({ acceptsExternalSupervisees: { eq: true }, jurisdiction: { code: { eq: 'TX' } } })).toEqual([supervisor(1), supervisor(3)]);
    expect(await keys({ credentialType: { code: { eq: 'PSS' } } })).toEqual([supervisor(1), supervisor(2), supervisor(3)]);
    expect(await keys({ credentialStatus: { eq: 'ACTIVE' } })).toEqual([supervisor(1), supervisor(3)]);
    expect(await keys({ credentialStatus: { ne: 'ACTIVE' } })).toEqual([supervisor(2)]);
    expect(await keys({ credentialStatus: { isNull: true } })).toEqual([supervisor(4)]);
    expect(await keys({ placesFree: { gte: 2 } })).toEqual([supervisor(2), supervisor(4)]);
    // a filter on who they are matches nothing for a caller who may not read it
    expect(await keys({ person: { lastName: { eq: 'L21' } } })).toEqual([]);
    expectError(await hub.query(DIRECTORY, { filter: { languages: { hasAny: [] } } }), 400, 'BAD_USER_INPUT', { argument: 'filter.languages.hasAny' });
    expectError(await hub.query(DIRECTORY, { filter: { languages: {} } }), 400, 'BAD_USER_INPUT', { argument: 'filter.languages' });
  });

  it('places free follow the days: a place is taken through the last day of a supervision and free the day after', async () => {
    const placesOf1 = async () => ((await ok(hub, DIRECTORY, { filter: { id: { eq: supervisor(1) } } }, await as('PUBLIC'))) as Directory['supervisors']).nodes[0].placesFree;
    const lastDay = day(10);
    freezeToday(day(-1, lastDay));
    expect(await placesOf1()).toBe(1);
    freezeToday(lastDay);
    expect(await placesOf1()).toBe(1);
    expect((await ok(hub, `query($id: ID!) { supervision(id: $id) { status } }`, { id: supervision(1) }, await as({ role: Role.ADMIN }))).status).toBe('ACCEPTED');
    freezeToday(day(1, lastDay));
    expect(await placesOf1()).toBe(2);
    expect((await ok(hub, `query($id: ID!) { supervision(id: $id) { status } }`, { id: supervision(1) }, await as({ role: Role.ADMIN }))).status).toBe('ENDED');
    expect(((await ok(hub, DIRECTORY, { filter: { placesFree: { eq: 2 } } }, await as('PUBLIC'))) as Directory['supervisors']).nodes.map((s) => s.id)).toContain(supervisor(1));
    // the day it began: taken from then; the day before it began: free
    freezeToday(day(-100));
    expect(await placesOf1()).toBe(1);
    freezeToday(day(-101));
    expect(await placesOf1()).toBe(2);
  });
});

describe('the rules as SQL', () => {
  it('each status\'s indexable condition holds exactly where the status reads so, on the days around an end', async () => {
    await hub.sql(`insert into supervision (id, person_id, supervisor_id, status, requested_at, decided_at, starts_on, ends_on, decision_note) values
      (90, 31, 2, 'ACCEPTED', now(), now(), ?, null, null), (91, 32, 2, 'REQUESTED', now(), null, null, null, null),
      (92, 33, 2, 'DECLINED', now(), now(), null, null, 'no'), (93, 34, 2, 'WITHDRAWN', now(), now(), null, null, null)`, [day(-5)]);
    try {
      const checks: [string, string, string][] = [['Supervision', 'supervision', 'id between 1 and 99'], ['Supervisor', 'supervisor', 'true']];
      for (const [typeName, table, rows] of checks) {
        const column = datedColumn(typeName, typeName === 'Supervision' ? 'status' : 'credentialStatus')!;
        for (const offset of [-101, -100, -1, 0, 9, 10, 11, 400, 401]) {
          const d = dayLiteral(day(offset));
          for (const value of column.values) {
            const [{ by_is, by_value }] = await hub.sql<{ by_is: number; by_value: number }>(
              `select count(*) filter (where ${column.is!('t', d, value)})::int as by_is, count(*) filter (where ${column.sql('t', d)} = '${value}')::int as by_value from "${table}" t where ${rows}`,
            );
            expect(by_is, `${typeName} ${value} on day ${offset}`).toBe(by_value);
          }
        }
      }
    } finally {
      await hub.sql(`delete from supervision where id between 90 and 93`);
    }
  });
});

describe('asking for supervision', () => {
  it('a PEER asks, the supervisor accepts: each step audited, and the place is taken', async () => {
    // without a token: refused, nothing written
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(3) } }, await as('PUBLIC'), { status: 403, code: 'FORBIDDEN' });
    const peer = await asPeer(10);
    const made = await audited(hub, async () => (await ok(hub, REQUEST, { input: { supervisorId: supervisor(3), message: ' Weekly, please ' } }, peer)) );
    expect(made.result).toMatchObject({ status: 'REQUESTED', message: 'Weekly, please', startsOn: null, endsOn: null, person: { id: person(10) }, supervisor: { id: supervisor(3) } });
    expect(made.audits).toEqual([expect.objectContaining({ role: 'PEER', action: 'requestSupervision', entity_type: 'Supervision', jurisdiction_id: 1, before: null, after: expect.objectContaining({ status: 'REQUESTED', person_id: 10, supervisor_id: 3 }) })]);
    // asking again while it waits
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(3) } }, peer, { status: 409, code: 'CONFLICT', argument: 'input.supervisorId', extensions: { currentStatus: 'REQUESTED' } });
    const accepted = await audited(hub, async () => (await ok(hub, ACCEPT, { id: made.result.id }, await asSupervisor(23))) );
    expect(accepted.result).toMatchObject({ status: 'ACCEPTED', startsOn: day(0), endsOn: null });
    expect(accepted.audits).toEqual([expect.objectContaining({ role: 'SUPERVISOR', action: 'acceptSupervision', before: expect.objectContaining({ status: 'REQUESTED' }), after: expect.objectContaining({ status: 'ACCEPTED', starts_on: day(0) }) })]);
    expect(((await ok(hub, DIRECTORY, { filter: { id: { eq: supervisor(3) } } }, await as('PUBLIC'))) as Directory['supervisors']).nodes[0].placesFree).toBe(0);
    // the intern reads their own supervision; accepting it again is refused
    expect((await ok(hub, `{ supervisions(first: 5) { nodes { id status } } }`, {}, peer)).nodes).toEqual([{ id: made.result.id, status: 'ACCEPTED' }]);
    await refused(hub, ACCEPT, { id: made.result.id }, await asSupervisor(23), { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'ACCEPTED', allowedFrom: ['REQUESTED'] } });
    // supervisor 3 is full: another request waits, and accepting it is refused with the capacity
    const waiting = (await ok(hub, REQUEST, { input: { supervisorId: supervisor(3) } }, await asPeer(11))) ;
    await refused(hub, ACCEPT, { id: waiting.id }, await asSupervisor(23), { status: 409, code: 'CONFLICT', argument: 'id', extensions: { capacity: 1, supervisees: 1 } });
    // the intern ends it today: the place is taken through today, and a new request may then be made
    const ended = await audited(hub, async () => (await ok(hub, END, { id: made.result.id }, peer)) );
    expect(ended.result).toMatchObject({ status: 'ACCEPTED', endsOn: day(0) });
    expect(ended.audits).toEqual([expect.objectContaining({ action: 'endSupervision', after: expect.objectContaining({ ends_on: day(0) }) })]);
    freezeToday(day(1));
    expect((await ok(hub, ACCEPT, { id: waiting.id }, await asSupervisor(23))) .status).toBe('ACCEPTED');
  });

  it('declined and withdrawn requests; who may decide which', async () => {
    const a = (await ok(hub, REQUEST, { input: { supervisorId: supervisor(1) } }, await asPeer(12))) ;
    const b = (await ok(hub, REQUEST, { input: { supervisorId: supervisor(1), personId: person(13) } }, await as({ role: Role.ADMIN }))) ;
    // the intern decides nothing, another supervisor sees no such request, the supervisor withdraws nothing
    await refused(hub, ACCEPT, { id: a.id }, await asPeer(12), { status: 403, code: 'FORBIDDEN' });
    await refused(hub, ACCEPT, { id: a.id }, await asSupervisor(23), { status: 400, code: 'BAD_USER_INPUT', argument: 'id', message: /there is no supervision .* that you may change/ });
    await refused(hub, WITHDRAW, { id: a.id }, await asPeer(13), { status: 400, code: 'BAD_USER_INPUT', argument: 'id' });
    await refused(hub, WITHDRAW, { id: a.id }, await asSupervisor(21), { status: 403, code: 'FORBIDDEN' });
    for (const headers of [await as({ role: Role.EMPLOYER, employerId: toGlobalId('Employer', 1) }), await as({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] })]) {
      await refused(hub, DECLINE, { id: a.id }, headers, { status: 403, code: 'FORBIDDEN' });
    }
    const declined = await audited(hub, async () => (await ok(hub, DECLINE, { id: a.id, note: 'No place until spring' }, await asSupervisor(21))) );
    expect(declined.result).toMatchObject({ status: 'DECLINED', decisionNote: 'No place until spring' });
    expect(declined.audits).toEqual([expect.objectContaining({ action: 'declineSupervision', after: expect.objectContaining({ status: 'DECLINED' }) })]);
    const withdrawn = await audited(hub, async () => (await ok(hub, WITHDRAW, { id: b.id }, await asPeer(13))) );
    expect(withdrawn.result.status).toBe('WITHDRAWN');
    expect(withdrawn.audits).toEqual([expect.objectContaining({ role: 'PEER', action: 'withdrawSupervisionRequest' })]);
    await refused(hub, WITHDRAW, { id: b.id }, await asPeer(13), { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'WITHDRAWN' } });
    await refused(hub, END, { id: a.id }, await asSupervisor(21), { status: 409, code: 'INVALID_TRANSITION', extensions: { currentStatus: 'DECLINED', allowedFrom: ['ACCEPTED'] } });
    // after a decline one may ask again
    expect((await ok(hub, REQUEST, { input: { supervisorId: supervisor(1) } }, await asPeer(12))) .status).toBe('REQUESTED');
  });

  it('refuses a supervisor who takes no outside interns, oneself, a past last day and bad text', async () => {
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(2) } }, await asPeer(14), { status: 409, code: 'CONFLICT', argument: 'input.supervisorId', message: /takes no interns from other employers/ });
    // person 5 works for Beta, supervisor 2's employer
    expect((await ok(hub, REQUEST, { input: { supervisorId: supervisor(2) } }, await asPeer(5))) .status).toBe('REQUESTED');
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(1) } }, await asPeer(21), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.supervisorId' });
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(99) } }, await asPeer(14), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.supervisorId' });
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(1), message: ' ' } }, await asPeer(14), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.message' });
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(1), personId: person(15) } }, await asPeer(14), { status: 400, code: 'BAD_USER_INPUT', argument: 'input.personId' });
    await refused(hub, END, { id: supervision(1), lastDay: day(-1) }, await as({ role: Role.ADMIN }), { status: 400, code: 'BAD_USER_INPUT', argument: 'lastDay' });
    await refused(hub, REQUEST, { input: { supervisorId: supervisor(1) } }, await asSupervisor(22), { status: 403, code: 'FORBIDDEN' });
  });

  it('requests racing for the last place: exactly one is accepted', async () => {
    await hub.sql(`insert into supervisor (id, person_id, jurisdiction_id, supervisor_certification_id, clinical_basis, accepts_external_supervisees, capacity) values (9, 23, 1, 23, 'CERTIFIED_PEER_SUPERVISOR', true, 1)`);
    const interns = Array.from({ length: 12 }, (_, i) => 25 + i);
    const ids: string[] = [];
    for (const key of interns) ids.push((await ok(hub, REQUEST, { input: { supervisorId: supervisor(9) } }, await asPeer(key))) .id);
    const admin = await as({ role: Role.ADMIN });
    await Promise.all([1, 2, 3].map(() => hub.sql(`select pg_sleep(0.05)`)));
    const results = await Promise.all(ids.map((id) => hub.query<{ acceptSupervision: { status: string } }>(ACCEPT, { id }, admin)));
    expect(results.filter((r) => r.data?.acceptSupervision?.status === 'ACCEPTED')).toHaveLength(1);
    for (const r of results.filter((r) => !r.data?.acceptSupervision)) expectError(r, 409, 'CONFLICT', { capacity: 1, supervisees: 1 });
    expect(await hub.sql(`select count(*)::int as n from supervision where supervisor_id = 9 and status = 'ACCEPTED'`)).toEqual([{ n: 1 }]);
  });
});
