/**
 * One figure, one rule: the dashboard's open supervisor slots of a state are the supervisor directory's places free
 * summed over the supervisors able to supervise that day (credential ACTIVE, or a clinician without one), and a
 * supervision that ends frees its place on the day after in both, on the days around that end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { as, day, freezeToday, startTestHub, unfreezeToday, type TestHub } from './kit';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
});
afterAll(async () => {
  unfreezeToday();
  await hub?.close();
});

interface Figures {
  workforceMetrics: { byJurisdiction: { jurisdiction: { code: string }; openSupervisorSlots: { value: number | null } }[] };
  supervisors: { totalCount: number; nodes: { id: string; placesFree: number; credentialStatus: string | null }[] };
}

const FIGURES = `query Figures($code: String!) {
  workforceMetrics(filter: { jurisdictions: [$code] }) { byJurisdiction { jurisdiction { code } openSupervisorSlots { value } } }
  supervisors(first: 100, filter: { jurisdiction: { code: { eq: $code } } }) { totalCount nodes { id placesFree credentialStatus } }
}`;

async function figures(code: string): Promise<{ slots: number; placesFree: number }> {
  // an administrator's token made under the frozen clock: every figure in full
  const result = await hub.query<Figures>(FIGURES, { code }, await as({ role: Role.ADMIN }));
  expect(result.errors).toBeUndefined();
  const nodes = result.data!.supervisors.nodes;
  // every supervisor of the state on one page
  expect(nodes.length).toBe(result.data!.supervisors.totalCount);
  return {
    slots: result.data!.workforceMetrics.byJurisdiction[0].openSupervisorSlots.value!,
    placesFree: nodes.filter((s) => s.credentialStatus === 'ACTIVE' || s.credentialStatus === null).reduce((sum, s) => sum + s.placesFree, 0),
  };
}

describe("the dashboard's open supervisor slots and the directory's places free", () => {
  it('agree in every state, today, on the last day of a supervision and on the day after, when it frees a place', async () => {
    const today = '2026-12-04';
    // a supervision in force, of a Texas supervisor able to supervise with no place to spare, ending in ten days
    const [ending] = await hub.sql<{ id: number; supervisor_id: number }>(
      `select v.id, v.supervisor_id from supervision v join supervisor s on s.id = v.supervisor_id
       join certification sc on sc.id = s.supervisor_certification_id
       where v.status = 'ACCEPTED' and v.ends_on is null and v.starts_on <= date '${today}' and s.jurisdiction_id = (select id from jurisdiction where code = 'TX')
         and sc.status = 'ACTIVE' and sc.expires_on > date '2027-01-31'
         and s.capacity <= (select count(*) from supervision w where w.supervisor_id = s.id and w.status = 'ACCEPTED' and w.ends_on is null)
       order by v.id limit 1`,
    );
    expect(ending).toBeDefined();
    const lastDay = day(10, today);
    await hub.sql('update supervision set ends_on = ? where id = ?', [lastDay, ending.id]);

    const seen: Record<string, { slots: number; placesFree: number }> = {};
    for (const on of [today, lastDay, day(1, lastDay)]) {
      freezeToday(on);
      for (const code of ['MN', 'TX']) {
        const { slots, placesFree } = await figures(code);
        expect(slots, `${code} on ${on}`).toBe(placesFree);
        if (code === 'TX') seen[on] = { slots, placesFree };
      }
    }
    unfreezeToday();
    // full through its last day; one place free the day after
    expect(seen[lastDay].slots).toBe(seen[today].slots);
    expect(seen[day(1, lastDay)].slots).toBe(seen[lastDay].slots + 1);
  });
});
