/**
 * Two decisions the lifecycle rules leave to the day of the decision: a provisional certification that lapsed before
 * it became full is reinstated PROVISIONAL (its hours still owed), and a renewal is judged again when it is decided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './kit';
import { toGlobalId } from '../src/graphql/global-id';
import { addMonths } from '../src/domain/credentials/lifecycle';
import { addDays, todayUtc } from '../src/graphql/scalars';

let hub: TestHub;
const TODAY = todayUtc();
const SUBMIT = `mutation($input: SubmitCertificationApplicationInput!) { submitCertificationApplication(input: $input) { id status } }`;
const APPROVE = `mutation($id: ID!) { approveCertificationApplication(id: $id) { status certification { status statusOn issuedOn expiresOn fullCertifiedOn } } }`;

beforeAll(async () => {
  hub = await startTestHub({ env: { STATUS_SWEEP_HOURS: '0' } });
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'TX', 'Texas', '48', 30500000, 2024, '[]')`);
  await hub.sql(`insert into certifying_body (id, jurisdiction_id, name, kind, sources) values (1, 1, 'TX Board', 'CERTIFICATION_BOARD', '[]')`);
  await hub.sql(`insert into credential_type (id, jurisdiction_id, certifying_body_id, code, name, category, lived_experience_focus, sources) values
    (1, 1, 1, 'MHPS', 'Mental Health Peer Specialist', 'PEER', 'MENTAL_HEALTH', '[]')`);
  await hub.sql(`insert into requirement_profile (credential_type_id, version, effective_from, training_hours, supervised_hours_required, provisional_validity_months,
      extensions_allowed, extension_months, validity_months, ce_hours_per_cycle, ethics_hours_per_cycle, grace_period_months, late_renewal_months,
      application_fee_cents, renewal_fee_cents, late_fee_cents, reinstatement_fee_cents, background_check_required, sources)
    values (1, 1, '2015-01-01', 40, 250, 6, 1, 6, 24, 0, 0, 6, 12, 0, 0, 0, 0, true, '[]')`);
  await hub.sql(`insert into peer_specialist (id, first_name, last_name, jurisdiction_id) values (1, 'Ana', 'Ruiz', 1), (2, 'Bo', 'Kim', 1)`);
  await hub.sql(`insert into certification (id, person_id, credential_type_id, jurisdiction_id, status, first_issued_on, issued_on, expires_on, full_certified_on) values
    (1, 1, 1, 1, 'PROVISIONAL', ?, ?, ?, null), (2, 2, 1, 1, 'ACTIVE', ?, ?, ?, ?)`,
    [addDays(TODAY, -230), addDays(TODAY, -230), addDays(TODAY, -50), addDays(TODAY, -1100), addDays(TODAY, -760), addDays(TODAY, -30), addDays(TODAY, -1100)]);
});
afterAll(() => hub?.close());

describe('decided on the day', () => {
  it('a lapsed provisional certification is reinstated PROVISIONAL for a new provisional period, never full', async () => {
    const submitted = await hub.query<{ submitCertificationApplication: { id: string } }>(SUBMIT, { input: { kind: 'REINSTATEMENT', certificationId: toGlobalId('Certification', 1) } });
    expect(submitted.errors).toBeUndefined();
    const approved = await hub.query<{ approveCertificationApplication: unknown }>(APPROVE, { id: submitted.data!.submitCertificationApplication.id });
    expect(approved.data!.approveCertificationApplication).toEqual({
      status: 'APPROVED',
      certification: { status: 'PROVISIONAL', statusOn: 'PROVISIONAL', issuedOn: TODAY, expiresOn: addMonths(TODAY, 6), fullCertifiedOn: null },
    });
  });

  it('a renewal asked for in grace is refused when the certification has expired by the day of the decision', async () => {
    const submitted = await hub.query<{ submitCertificationApplication: { id: string } }>(SUBMIT, { input: { kind: 'RENEWAL', certificationId: toGlobalId('Certification', 2) } });
    expect(submitted.errors).toBeUndefined();
    // time passes: the late-renewal months run out before the decision
    await hub.sql(`update certification set expires_on = ?, issued_on = ? where id = 2`, [addDays(TODAY, -400), addDays(TODAY, -1100)]);
    const refused = await hub.query(APPROVE, { id: submitted.data!.submitCertificationApplication.id });
    expect(refused.status).toBe(409);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'EXPIRED', allowedFrom: ['ACTIVE', 'IN_GRACE', 'LATE_RENEWAL'] });
    expect(await hub.sql(`select status, expires_on::text from certification where id = 2`)).toEqual([{ status: 'ACTIVE', expires_on: addDays(TODAY, -400) }]);
  });
});
