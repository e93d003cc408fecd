/**
 * PeerSpecialist.progress: training, supervised hours and CE in the current cycle against the requirement profile,
 * and the next deadline; counted from the records the caller may read; one statement for every person of a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startTestHub, type TestHub } from './kit';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { addMonths } from '../src/domain/credentials/lifecycle';
import { addDays, todayUtc } from '../src/graphql/scalars';

let hub: TestHub;
const TODAY = todayUtc();
const MHPS = toGlobalId('CredentialType', 1);

const PROGRESS = `status trainingHoursCompleted trainingHoursRequired supervisedHoursApproved supervisedHoursRequired
  ceHoursInCycle ceHoursRequired ethicsHoursInCycle ethicsHoursRequired nextDeadline nextDeadlineIs certification { id }`;

async function progressOf(personKey: number, headers?: Record<string, string>) {
  const result = await hub.query<{ peerSpecialist: { progress: Record<string, unknown> } | null }>(
    `query($id: ID!, $type: ID!) { peerSpecialist(id: $id) { progress(credentialTypeId: $type) { ${PROGRESS} } } }`,
    { id: toGlobalId('PeerSpecialist', personKey), type: MHPS },
    headers,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.peerSpecialist?.progress ?? null;
}

/*
 * TX (1), credential MHPS (1) whose profile asks 40 training hours, 250 supervised hours, 20 CE hours with 3 of
 * ethics per cycle, 6 grace months and 12 of late renewal. Events for MHPS: 1 CORE of 40 contact hours, 2 CEU of 6.
 * Person 1: PROVISIONAL (cert 1) issued 60 days ago for 6 months; completed and passed event 1 (40 h), completed
 *   event 2 (a CE course: not training); logs 120 h APPROVED + 100 h APPROVED + 50 h SUBMITTED + 30 h REJECTED.
 * Person 2: ACTIVE (cert 2) issued 400 days ago, expiring in 330 days; failed event 1 (not counted); CE in the
 *   cycle 12 h (2 ethics) + 10 h (2 ethics), and 8 h before the cycle began.
 * Person 3: certification expired 30 days ago but stored ACTIVE: IN_GRACE today, deadline 6 months after expiry.
 * Person 4: no certification.
 */
beforeAll(async () => {
  hub = await startTestHub({ env: { STATUS_SWEEP_HOURS: '0' } });
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'TX Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into requirement_profile (credential_type_id, version, effective_from, training_hours, supervised_hours_required, provisional_validity_months,
      extensions_allowed, extension_months, validity_months, ce_hours_per_cycle, ethics_hours_per_cycle, grace_period_months, late_renewal_months,
      application_fee_cents, renewal_fee_cents, late_fee_cents, reinstatement_fee_cents, background_check_required, sources)
    values (1, 1, '2015-01-01', 40, 250, 6, 1, 6, 24, 20, 3, 6, 12, 0, 0, 0, 0, true, '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) select i, 'P' || i, 'L' || i, 1 from generate_series(1, 4) i`);
  const day = (offset: number) => addDays(TODAY, offset);
  await hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on, full_certified_on) values
    (1, 1, 1, 1, 'PROVISIONAL', ?, ?, ?, null),
    (2, 2, 1, 1, 'ACTIVE', ?, ?, ?, ?),
    (3, 3, 1, 1, 'ACTIVE', ?, ?, ?, ?)`,
    [day(-60), day(-60), addMonths(day(-60), 6), day(-400), day(-400), day(330), day(-400), day(-760), day(-760), day(-30), day(-760)]);
  await hub.sql(`insert into training_organization (id, name, jurisdiction_id, approved) values (1, 'Via Hope', 1, true)`);
  await hub.sql(`insert into training_event (id, organization_id, jurisdiction_id, credential_type_id, title, course_kind, format, status, starts_on, ends_on, contact_hours, ce_hours, price_cents, seats) values
    (1, 1, 1, 1, 'MHPS core', 'CORE', 'IN_PERSON', 'COMPLETED', ?, ?, 40, 0, 0, 30), (2, 1, 1, 1, 'Ethics', 'CEU', 'VIRTUAL_LIVE', 'COMPLETED', ?, ?, 6, 6, 0, 30)`,
    [day(-200), day(-196), day(-100), day(-100)]);
  await hub.sql(`insert into training_registration (event_id, person_id, status, registered_at, completed_on, score, passed) values
    (1, 1, 'COMPLETED', now(), ?, 90, true), (2, 1, 'COMPLETED', now(), ?, null, true), (1, 2, 'COMPLETED', now(), ?, 50, false)`, [day(-196), day(-100), day(-196)]);
  await hub.sql(`insert into supervisor (id, person_id, jurisdiction_id, clinical_basis, capacity) values (1, 4, 1, 'LICENSED_CLINICIAN', 5)`);
  await hub.sql(`insert into supervised_experience_log (person_id, certification_id, supervisor_id, period_start, period_end, direct_service_hours, status, submitted_at) values
    (1, 1, 1, ?, ?, 120, 'APPROVED', now()), (1, 1, 1, ?, ?, 100, 'APPROVED', now()), (1, 1, 1, ?, ?, 50, 'SUBMITTED', now()), (1, 1, 1, ?, ?, 30, 'REJECTED', now())`,
    [day(-55), day(-40), day(-39), day(-20), day(-19), day(-5), day(-19), day(-5)]);
  await hub.sql(`insert into continuing_education_record (person_id, certification_id, title, provider, hours, ethics_hours, completed_on) values
    (2, 2, 'Trauma-informed care', 'Via Hope', 12, 2, ?), (2, 2, 'Boundaries', 'Via Hope', 10, 2, ?), (2, 2, 'Old course', 'Via Hope', 8, 0, ?)`,
    [day(-300), day(-10), day(-450)]);
});
afterAll(() => hub?.close());

describe('progress toward a credential', () => {
  it('an intern: training done, supervised hours approved so far, the end of the provisional period', async () => {
    expect(await progressOf(1)).toEqual({
      status: 'PROVISIONAL', trainingHoursCompleted: 40, trainingHoursRequired: 40, supervisedHoursApproved: 220, supervisedHoursRequired: 250,
      ceHoursInCycle: null, ceHoursRequired: 20, ethicsHoursInCycle: null, ethicsHoursRequired: 3,
      nextDeadline: addMonths(addDays(TODAY, -60), 6), nextDeadlineIs: 'the provisional period ends', certification: { id: toGlobalId('Certification', 1) },
    });
  });

  it('a certified peer: CE hours inside the cycle only, failed training not counted, the expiry as deadline', async () => {
    expect(await progressOf(2)).toMatchObject({
      status: 'ACTIVE', trainingHoursCompleted: 0, ceHoursInCycle: 22, ethicsHoursInCycle: 4, nextDeadline: addDays(TODAY, 330), nextDeadlineIs: 'the certification expires',
    });
  });

  it('a certification past its expiry is IN_GRACE today, whatever is stored, with the end of grace as deadline', async () => {
    expect(await progressOf(3)).toMatchObject({ status: 'IN_GRACE', nextDeadline: addMonths(addDays(TODAY, -30), 6), nextDeadlineIs: 'the grace period ends' });
  });

  it('nothing yet: no status, zeros, the requirements all the same', async () => {
    expect(await progressOf(4)).toMatchObject({ status: null, trainingHoursCompleted: 0, supervisedHoursApproved: 0, trainingHoursRequired: 40, nextDeadline: null, certification: null });
  });

  it('the person themselves sees it all; another peer sees neither the person nor their progress', async () => {
    expect(await progressOf(1, await as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 1) }))).toMatchObject({ supervisedHoursApproved: 220, trainingHoursCompleted: 40 });
    expect(await progressOf(1, await as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', 2) }))).toBeNull();
  });

  it('a supervisor reads their supervisee, not the certification or training: no figure rests on records they may not read', async () => {
    const supervisor = await as({ role: Role.SUPERVISOR, peerId: toGlobalId('PeerSpecialist', 4) });
    expect(await progressOf(1, supervisor)).toMatchObject({ status: null, certification: null, supervisedHoursApproved: 0, trainingHoursCompleted: 0 });
  });

  it('costs one statement for every person of a page, whatever their number', async () => {
    const result = await hub.query<{ peerSpecialists: { nodes: { progress: { status: string | null } }[] } }>(
      `query($type: ID!) { peerSpecialists(first: 10) { nodes { progress(credentialTypeId: $type) { status } } } }`,
      { type: MHPS },
    );
    expect(result.data!.peerSpecialists.nodes.map((n) => n.progress.status)).toEqual(['PROVISIONAL', 'ACTIVE', 'IN_GRACE', null]);
    // the page, the progress of its four people, the requirement profiles
    expect(result.extensions!.sqlStatements).toBe(3);
  });
});
