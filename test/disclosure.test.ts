/**
 * Disclosure control of the aggregates (docs/disclosure.md), on the seeded data: the attacks that singled records
 * out, refused or made harmless; the published dimensions, held over every stats declaration, every group key and
 * every filter field for each kind of restricted caller, and full power for analysts over their states and for
 * ADMIN; and complementary suppression, checked on a generated set of answers against the ADMIN truth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getNamedType, isEnumType, isInputObjectType, type GraphQLEnumType, type GraphQLInputObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/auth/viewer';
import { REFERENCE_DATE } from '../src/db/seed/synthetic';
import { toGlobalId } from '../src/graphql/global-id';
import { hubSchema } from '../src/domain/schema';
import { certificationStatsDeclaration, jobPostingStatsDeclaration } from '../src/domain/metrics/stats';
import type { StatsDeclaration } from '../src/domain/metrics/stats-sql';
import { as, freezeToday, startTestHub, unfreezeToday, type GraphQLResponse, type TestHub } from './kit';

/** The documented lists (docs/figures.md, docs/disclosure.md): a declaration that publishes more or less fails here. */
const PUBLISHED: Record<string, { declaration: StatsDeclaration; keys: string[]; filters: string[]; months: string[] }> = {
  certificationStats: {
    declaration: certificationStatsDeclaration,
    keys: ['JURISDICTION', 'CREDENTIAL_TYPE', 'CREDENTIAL_CATEGORY', 'STATUS', 'ISSUED_MONTH', 'ISSUED_YEAR', 'FIRST_ISSUED_YEAR', 'EXPIRES_MONTH'],
    filters: ['jurisdiction', 'credentialType', 'status', 'issuedOn', 'expiresOn', 'firstIssuedOn'],
    months: ['issuedOn', 'expiresOn', 'firstIssuedOn'],
  },
  jobPostingStats: {
    declaration: jobPostingStatsDeclaration,
    keys: ['JURISDICTION', 'STATUS', 'PROGRAM_KIND', 'POSTED_MONTH'],
    filters: ['jurisdiction', 'acceptedCredentialTypes', 'status', 'program', 'datePosted'],
    months: ['datePosted'],
  },
};

let hub: TestHub;
const callers: Record<string, Record<string, string>> = {};
let ownState: string;
let otherState: string;
let ANALYST_PINNED: Record<string, string>;

type Result = GraphQLResponse<Record<string, any>>;

async function stats(field: string, groupBy: string[], filter: Record<string, unknown> | null, selection: string, headers?: Record<string, string>, extra = ''): Promise<Result> {
  const type = PUBLISHED[field].declaration.type.name;
  return hub.query(
    `query($filter: ${type}Filter) { ${field}(groupBy: [${groupBy.join(', ')}], filter: $filter, first: 1000${extra}) { hasMore buckets { ${selection} } } }`,
    { filter },
    headers,
  );
}

function expectRefused(result: Result, argument: string): void {
  expect(result.status, JSON.stringify(result.errors)).toBe(400);
  expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  expect(result.data?.[Object.keys(result.data ?? {})[0]] ?? null).toBeNull();
}

function expectAnswered(result: Result, what: string): void {
  expect(result.errors, what).toBeUndefined();
  expect(result.status, what).toBe(200);
}

/** The selection of every key field: entity keys by id. */
function keySelection(declaration: StatsDeclaration, groupBy: readonly string[]): string {
  return groupBy.map((name) => (declaration.keys[name].entity ? `${declaration.keys[name].field} { id }` : declaration.keys[name].field)).join(' ');
}

const keyOf = (declaration: StatsDeclaration, groupBy: readonly string[], bucket: any) =>
  groupBy.map((name) => {
    const value = bucket.key[declaration.keys[name].field];
    return value !== null && typeof value === 'object' ? value.id : value;
  });

beforeAll(async () => {
  freezeToday(REFERENCE_DATE);
  hub = await startTestHub({ seedScale: 1 });
  const [{ employer, person }] = await hub.sql<{ employer: number; person: number }>(
    `select e.employer_id as employer, e.person_id as person from employment e where exists (select 1 from certification c where c.person_id = e.person_id) order by e.id limit 1`,
  );
  const [{ code: own }] = await hub.sql<{ code: string }>(`select j.code from jurisdiction j where exists (select 1 from certification c where c.jurisdiction_id = j.id) order by j.code limit 1`);
  const [{ code: other }] = await hub.sql<{ code: string }>(
    `select j.code from jurisdiction j where j.code <> '${own}' and exists (select 1 from certification c where c.jurisdiction_id = j.id) order by j.code limit 1`,
  );
  ownState = own;
  otherState = other;
  staff = { employer, person };
  callers.PUBLIC = await as('PUBLIC');
  callers.EMPLOYER = await as({ role: Role.EMPLOYER, employerId: toGlobalId('Employer', employer) });
  callers.PEER = await as({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', person) });
  callers.OTHER_ANALYST = await as({ role: Role.STATE_ANALYST, jurisdictions: [own] });
  ANALYST_PINNED = callers.OTHER_ANALYST;
}, 120_000);
afterAll(async () => {
  await hub?.close();
  unfreezeToday();
});

let staff: { employer: number; person: number };

describe('the attacks of issue #20, refused or harmless', () => {
  it('a draft posting cannot be read through jobPostingStats: its keys, its words, its pay', async () => {
    const [{ id }] = await hub.sql<{ id: number }>(`select id from job_posting where status = 'DRAFT' order by id limit 1`);
    const draft = toGlobalId('JobPosting', id);
    const single = await hub.query<any>(`query($id: ID!) { jobPosting(id: $id) { id } }`, { id: draft }, callers.PUBLIC);
    expect(single.data!.jobPosting).toBeNull();

    const keys = 'key { employer { name } status city role employmentType remote payUnit } count suppressed';
    const grouped = await stats('jobPostingStats', ['EMPLOYER', 'STATUS', 'CITY', 'ROLE', 'EMPLOYMENT_TYPE', 'REMOTE', 'PAY_UNIT'], { id: { eq: draft } }, keys, callers.PUBLIC);
    expectRefused(grouped, 'groupBy.EMPLOYER');
    expect(grouped.errors![0].message).toContain('EMPLOYER is not a published dimension');
    expectRefused(await stats('jobPostingStats', ['STATUS'], { id: { eq: draft } }, 'count', callers.PUBLIC), 'filter.id');
    expectRefused(await stats('jobPostingStats', [], { search: 'peer' }, 'count', callers.PUBLIC), 'filter.search');
    expectRefused(await stats('jobPostingStats', [], { payMinCents: { gte: 1500 } }, 'count', callers.PUBLIC), 'filter.payMinCents');
    expectRefused(await stats('jobPostingStats', [], { and: [{ status: { eq: 'DRAFT' } }, { id: { eq: draft } }] }, 'count', callers.PUBLIC), 'filter.and[1].id');
    // the same questions kept to open postings are free, and reach no draft: the bucket is empty
    const open = await stats('jobPostingStats', ['EMPLOYER', 'STATUS', 'CITY'], { status: { eq: 'OPEN' }, id: { eq: draft } }, keys, callers.PUBLIC);
    expectAnswered(open, 'open rows');
    expect(open.data!.jobPostingStats.buckets).toEqual([]);
  });

  it("an EMPLOYER reads nothing of its staff's certifications through certificationStats", async () => {
    const person = toGlobalId('PeerSpecialist', staff.person);
    const read = await hub.query<any>(`query($id: ID!) { peerSpecialist(id: $id) { id certifications { totalCount } } }`, { id: person }, callers.EMPLOYER);
    expect(read.data!.peerSpecialist).toEqual({ id: person, certifications: { totalCount: 0 } });
    const groupBy = ['JURISDICTION', 'CREDENTIAL_TYPE', 'STATUS', 'ISSUED_MONTH', 'FIRST_ISSUED_YEAR', 'EXPIRES_MONTH'];
    const result = await stats('certificationStats', groupBy, { person: { id: { eq: person } } }, 'count', callers.EMPLOYER);
    expectRefused(result, 'filter.person');
  });

  it("an analyst of one state reads no certification of another by id; pinned to their own state they keep full power", async () => {
    const [{ id: foreign }] = await hub.sql<{ id: number }>(`select c.id from certification c join jurisdiction j on j.id = c.jurisdiction_id where j.code = '${otherState}' order by c.id limit 1`);
    const [{ id: mine }] = await hub.sql<{ id: number }>(`select c.id from certification c join jurisdiction j on j.id = c.jurisdiction_id where j.code = '${ownState}' order by c.id limit 1`);
    const keys = 'key { jurisdiction { code } credentialType { code } status } count suppressed';
    const groupBy = ['JURISDICTION', 'CREDENTIAL_TYPE', 'STATUS'];
    expectRefused(await stats('certificationStats', groupBy, { id: { eq: toGlobalId('Certification', foreign) } }, keys, ANALYST_PINNED), 'filter.id');
    // pinned to their state, the foreign certification matches nothing
    const pinnedForeign = await stats('certificationStats', groupBy, { jurisdiction: { code: { eq: ownState } }, id: { eq: toGlobalId('Certification', foreign) } }, keys, ANALYST_PINNED);
    expectAnswered(pinnedForeign, 'pinned foreign');
    expect(pinnedForeign.data!.certificationStats.buckets).toEqual([]);
    // and their own is shown as ADMIN shows it: one certification, key and count
    const filter = { jurisdiction: { code: { eq: ownState } }, id: { eq: toGlobalId('Certification', mine) } };
    const pinned = await stats('certificationStats', groupBy, filter, keys, ANALYST_PINNED);
    const admin = await stats('certificationStats', groupBy, filter, keys);
    expect(pinned.data!.certificationStats.buckets).toEqual(admin.data!.certificationStats.buckets);
    expect(pinned.data!.certificationStats.buckets).toMatchObject([{ key: { jurisdiction: { code: ownState } }, count: 1, suppressed: false }]);
  });

  it('the published CertificationBreakdown: refused with an id filter, answered without one, no withheld bucket showing its key', async () => {
    const document = readFileSync(join(__dirname, '../schema/operations/analyst/CertificationBreakdown.graphql'), 'utf8');
    const [{ id }] = await hub.sql<{ id: number }>(`select id from certification order by id limit 1`);
    const probe = await hub.query<any>(document, { filter: { id: { eq: toGlobalId('Certification', id) } }, first: 100 }, callers.PUBLIC);
    expectRefused(probe, 'filter.id');
    const plain = await hub.query<any>(document, { first: 1000 }, callers.PUBLIC);
    expectAnswered(plain, 'breakdown');
    const buckets = plain.data!.certificationStats.buckets;
    const withheld = buckets.filter((b: any) => b.suppressed);
    expect(withheld.length).toBeGreaterThan(0);
    for (const bucket of withheld) {
      expect(bucket).toEqual({ key: { jurisdiction: null, credentialType: null, status: null }, count: null, suppressed: true, min: { issuedOn: null }, max: { expiresOn: null } });
    }
    // the breakdown still tells its callers something: shown buckets come first, every one over 10 (PUBLIC reads no
    // certification one by one)
    expect(buckets.length - withheld.length).toBeGreaterThan(0);
    expect(buckets.slice(0, buckets.length - withheld.length).every((b: any) => b.count > 10 && b.key.status !== null)).toBe(true);
  });

  it('the published PostingPay keeps to open postings: PUBLIC reads it whole, as ADMIN does, small buckets included', async () => {
    const document = readFileSync(join(__dirname, '../schema/operations/job-board/PostingPay.graphql'), 'utf8');
    const variables = { jurisdictions: [ownState, otherState] };
    const anyone = await hub.query<any>(document, variables, callers.PUBLIC);
    const admin = await hub.query<any>(document, variables);
    expectAnswered(anyone, 'PostingPay');
    expect(anyone.data).toEqual(admin.data);
    expect(anyone.data!.jobPostingStats.buckets.some((b: any) => b.count <= 10 && !b.suppressed)).toBe(true);
  });

  it('days are taken by whole months only; nested relations reach public rows only', async () => {
    const month = { gte: '2024-01-01', lt: '2024-02-01' };
    expectAnswered(await stats('certificationStats', ['STATUS'], { issuedOn: month }, 'count', callers.PUBLIC), 'whole month');
    expectAnswered(await stats('certificationStats', ['STATUS'], { expiresOn: { isNull: true } }, 'count', callers.PUBLIC), 'isNull');
    expectRefused(await stats('certificationStats', ['STATUS'], { issuedOn: { eq: '2024-01-15' } }, 'count', callers.PUBLIC), 'filter.issuedOn.eq');
    expectRefused(await stats('certificationStats', ['STATUS'], { issuedOn: { gte: '2024-01-15' } }, 'count', callers.PUBLIC), 'filter.issuedOn.gte');
    expectRefused(await stats('certificationStats', ['STATUS'], { expiresOn: { lte: '2024-01-31' } }, 'count', callers.PUBLIC), 'filter.expiresOn.lte');
    expectRefused(await stats('certificationStats', ['STATUS'], { not: { firstIssuedOn: { in: ['2024-01-01'] } } }, 'count', callers.PUBLIC), 'filter.not.firstIssuedOn.in');
    expectRefused(
      await stats('certificationStats', ['STATUS'], { jurisdiction: { certifications: { some: { id: { eq: toGlobalId('Certification', 1) } } } } }, 'count', callers.PUBLIC),
      'filter.jurisdiction.certifications',
    );
    expectAnswered(await stats('certificationStats', ['STATUS'], { credentialType: { jurisdiction: { code: { eq: ownState } }, category: { eq: 'PEER' } } }, 'count', callers.PUBLIC), 'public rows');
    expectRefused(await stats('jobPostingStats', ['STATUS'], { program: { id: { eq: toGlobalId('ServiceProgram', 1) } } }, 'count', callers.PUBLIC), 'filter.program.id');
    expectAnswered(await stats('jobPostingStats', ['PROGRAM_KIND'], { program: { kind: { in: ['ACT', 'ARMHS'] } } }, 'count', callers.PUBLIC), 'program kind');
  });
});

/** A sample condition for every field of a filter input type, as the schema declares it. */
function sampleCondition(type: GraphQLInputObjectType, field: string): unknown {
  const input = getNamedType(type.getFields()[field].type);
  if (input.name === 'String') return 'peer';
  if (input.name === 'IDFilter') return { eq: toGlobalId(type.name.replace(/Filter$/, ''), 1) };
  if (input.name === 'StringFilter') return { eq: 'x' };
  if (input.name === 'IntFilter' || input.name === 'FloatFilter') return { gte: 1 };
  if (input.name === 'DateFilter') return { gte: '2024-01-01' };
  if (input.name === 'BooleanFilter') return { eq: true };
  if (input.name === 'NearInput') return { postalCode: '78701', withinMiles: 50 };
  if (!isInputObjectType(input)) throw new Error(`no sample for ${type.name}.${field}`);
  const fields = input.getFields();
  if (fields.eq && isEnumType(getNamedType(fields.eq.type))) return { eq: (getNamedType(fields.eq.type) as GraphQLEnumType).getValues()[0].name };
  if (input.name === 'TextListFilter') return { hasAny: ['es'] };
  if (input.name.endsWith('ListFilter')) return { some: { id: { eq: toGlobalId(input.name.replace(/ListFilter$/, ''), 1) } } };
  // a relation to one row: a condition on one of its enum fields where it has one (a program's kind), else its id
  const enumField = Object.keys(fields).find((name) => {
    const t = getNamedType(fields[name].type);
    return isInputObjectType(t) && t.getFields().eq && isEnumType(getNamedType(t.getFields().eq.type));
  });
  return enumField ? { [enumField]: sampleCondition(input, enumField) } : { id: { eq: toGlobalId(input.name.replace(/Filter$/, ''), 1) } };
}

describe('published dimensions: every declaration, every group key, every filter field, every kind of caller', () => {
  it('restricted callers: published keys and fields answered, every other one refused naming it; open postings free', async () => {
    const schema = await hubSchema();
    // every grouped aggregate of the schema is held here: a new one must say what it publishes
    const statsFields = Object.keys(schema.getQueryType()!.getFields()).filter((name) => schema.getType(`${name[0].toUpperCase()}${name.slice(1)}`) && name.endsWith('Stats'));
    expect(statsFields.sort()).toEqual(Object.keys(PUBLISHED).sort());
    let checked = 0;
    for (const [field, published] of Object.entries(PUBLISHED)) {
      const typeName = published.declaration.type.name;
      const keys = (schema.getType(`${typeName}GroupKey`) as GraphQLEnumType).getValues().map((v) => v.name);
      const filterType = schema.getType(`${typeName}Filter`) as GraphQLInputObjectType;
      const filterFields = Object.keys(filterType.getFields()).filter((name) => !['and', 'or', 'not'].includes(name));
      expect(keys.length).toBe(Object.keys(published.declaration.keys).length);
      for (const [role, headers] of Object.entries(callers)) {
        for (const key of keys) {
          const result = await stats(field, [key], null, 'count', headers);
          if (published.keys.includes(key)) expectAnswered(result, `${role} ${field} groupBy ${key}`);
          else expectRefused(result, `groupBy.${key}`);
          checked++;
        }
        for (const name of filterFields) {
          const condition = sampleCondition(filterType, name);
          const result = await stats(field, [], { [name]: condition }, 'count', headers);
          if (published.filters.includes(name)) expectAnswered(result, `${role} ${field} filter.${name} ${JSON.stringify(condition)}`);
          else expectRefused(result, `filter.${name}`);
          if (published.months.includes(name)) expectRefused(await stats(field, [], { [name]: { eq: '2024-01-01' } }, 'count', headers), `filter.${name}.eq`);
          // kept to open postings, anyone may list the rows: every field is free
          if (published.declaration.openRows) expectAnswered(await stats(field, [], { status: { eq: 'OPEN' }, [name]: condition }, 'count', headers), `${role} open ${name}`);
          checked++;
        }
        if (published.declaration.openRows) {
          for (const key of keys) expectAnswered(await stats(field, [key], { status: { in: ['OPEN'] } }, 'count', headers), `${role} open ${key}`);
        }
      }
    }
    // 4 callers x (8 keys + 13 fields of certifications + 12 keys + 22 fields of postings, near and languages included)
    expect(checked).toBe(4 * (8 + 13 + 12 + 22));
  }, 120_000);

  it('an analyst pinned to their state, and ADMIN, keep every key and field, with the figures ADMIN reads', async () => {
    const schema = await hubSchema();
    for (const [field, published] of Object.entries(PUBLISHED)) {
      const typeName = published.declaration.type.name;
      const keys = (schema.getType(`${typeName}GroupKey`) as GraphQLEnumType).getValues().map((v) => v.name);
      const filterType = schema.getType(`${typeName}Filter`) as GraphQLInputObjectType;
      const pin = { jurisdiction: { code: { eq: ownState } } };
      for (const key of keys) {
        const selection = `key { ${keySelection(published.declaration, [key])} } count suppressed`;
        const analyst = await stats(field, [key], pin, selection, ANALYST_PINNED);
        const admin = await stats(field, [key], pin, selection);
        expectAnswered(analyst, `pinned ${key}`);
        expect(analyst.data![field]).toEqual(admin.data![field]);
        expect(admin.data![field].buckets.every((b: any) => !b.suppressed)).toBe(true);
      }
      for (const name of Object.keys(filterType.getFields()).filter((n) => !['and', 'or', 'not'].includes(n))) {
        const filter = { ...pin, [name]: name === 'jurisdiction' ? pin.jurisdiction : sampleCondition(filterType, name) };
        expectAnswered(await stats(field, ['STATUS'], filter, 'count', ANALYST_PINNED), `pinned filter.${name}`);
        expectAnswered(await stats(field, ['STATUS'], { [name]: sampleCondition(filterType, name) }, 'count'), `admin filter.${name}`);
      }
    }
  }, 120_000);
});

/** Every subset of the key positions but the full one: the margins of an answer. */
function marginsOf(cells: unknown[][]): number[][] {
  const width = cells[0]?.length ?? 0;
  const margins: number[][] = [];
  for (let mask = 0; mask < (1 << width) - 1; mask++) {
    const groups = new Map<string, number[]>();
    cells.forEach((cell, i) => {
      const id = JSON.stringify(cell.filter((_, k) => mask & (1 << k)));
      groups.set(id, [...(groups.get(id) ?? []), i]);
    });
    for (const group of groups.values()) if (group.length >= 2) margins.push(group);
  }
  return margins;
}

/** Subsets of `items` of 1 to `most` items. */
function subsets<T>(items: T[], most: number): T[][] {
  const out: T[][] = [];
  const walk = (start: number, chosen: T[]) => {
    if (chosen.length) out.push(chosen);
    if (chosen.length === most) return;
    for (let i = start; i < items.length; i++) walk(i + 1, [...chosen, items[i]]);
  };
  walk(0, []);
  return out;
}

describe('suppression over a generated set of answers, against the ADMIN truth', () => {
  it('every bucket is accounted for; shown ones are exact; withheld ones show nothing; no margin has exactly one withheld cell', async () => {
    const figures = { answers: 0, cells: 0, withheld: 0, complements: 0, answersWithComplements: 0 };
    const filters: Record<string, (Record<string, unknown> | null)[]> = {
      certificationStats: [null, { credentialType: { category: { eq: 'PEER' } } }],
      jobPostingStats: [null, { status: { notIn: ['OPEN'] } }],
    };
    for (const [field, published] of Object.entries(PUBLISHED)) {
      const declaration = published.declaration;
      for (const groupBy of subsets(published.keys, 3)) {
        for (const filter of filters[field]) {
          if (filter && groupBy.length > 2) continue;
          const selection = `key { ${keySelection(declaration, groupBy)} } count suppressed min { ${declaration.numeric[0].field} } max { ${declaration.numeric[0].field} }`;
          const admin = await stats(field, groupBy, filter, selection);
          expectAnswered(admin, 'admin');
          expect(admin.data![field].hasMore).toBe(false);
          const truth = new Map<string, any>(admin.data![field].buckets.map((b: any) => [JSON.stringify(keyOf(declaration, groupBy, b)), b]));
          const cells = admin.data![field].buckets.map((b: any) => keyOf(declaration, groupBy, b));
          for (const [role, headers] of Object.entries(callers)) {
            const result = await stats(field, groupBy, filter, selection, headers);
            expectAnswered(result, `${role} ${field} ${groupBy}`);
            const buckets: any[] = result.data![field].buckets;
            expect(buckets.length).toBe(truth.size);
            const shownKeys = new Set<string>();
            for (const bucket of buckets) {
              if (bucket.suppressed) {
                expect(bucket.count).toBeNull();
                expect(Object.values(bucket.key).every((v) => v === null)).toBe(true);
                expect(Object.values(bucket.min).concat(Object.values(bucket.max)).every((v) => v === null)).toBe(true);
                continue;
              }
              const id = JSON.stringify(keyOf(declaration, groupBy, bucket));
              expect(bucket, `${role} ${field} ${groupBy} ${id}`).toEqual(truth.get(id));
              shownKeys.add(id);
              // these callers read no certification one by one except the peer's own
              if (field === 'certificationStats' && role !== 'PEER' && role !== 'OTHER_ANALYST') expect(bucket.count).toBeGreaterThan(10);
            }
            const withheld = cells.map((cell: unknown[]) => !shownKeys.has(JSON.stringify(cell)));
            // the withheld buckets come last
            expect(buckets.slice(shownKeys.size).every((b) => b.suppressed)).toBe(true);
            // a count of 1 to 10 is never shown to PUBLIC
            if (role === 'PUBLIC' && field === 'certificationStats') {
              cells.forEach((cell: unknown[], i: number) => {
                const count = truth.get(JSON.stringify(cell)).count;
                if (count >= 1 && count <= 10) expect(withheld[i]).toBe(true);
              });
            }
            for (const margin of marginsOf(cells)) {
              const inMargin = margin.filter((i) => withheld[i]).length;
              expect(inMargin, `${role} ${field} ${groupBy} margin ${margin.map((i) => JSON.stringify(cells[i]))}`).not.toBe(1);
            }
            const small = cells.filter((cell: unknown[], i: number) => withheld[i] && truth.get(JSON.stringify(cell)).count > 10).length;
            figures.answers++;
            figures.cells += cells.length;
            figures.withheld += withheld.filter(Boolean).length;
            figures.complements += small;
            if (small) figures.answersWithComplements++;
          }
        }
      }
    }
    console.log('suppression over generated answers', figures);
    // the set exercises the rule: complements were needed and made
    expect(figures.answersWithComplements).toBeGreaterThan(10);
    expect(figures.withheld).toBeGreaterThan(figures.complements);
  }, 300_000);
});

describe('workforce figures: totals never give a withheld component away', () => {
  const COUNTS = ['activeCertifications', 'provisionalCertifications', 'expiringWithin30Days', 'expiringWithin60Days', 'expiringWithin90Days', 'newlyCertified', 'lapsed', 'renewalsDue', 'renewedOnTime', 'internsAwaitingSupervisor', 'openSupervisorSlots', 'openJobPostings', 'assistanceRequestedCents', 'assistanceAwardedCents', 'assistanceDisbursedCents'];
  const SERIES = ['certificationsIssued', 'certificationsLapsed', 'postingsOpened', 'assistanceAwards', 'assistanceAwardedCents'];

  it('workforceMetrics and workforceTimeSeries, for every restricted caller, several days and sets of states', async () => {
    const selection = COUNTS.map((name) => `${name} { value suppressed }`).join(' ');
    let components = 0;
    let withheldTotals = 0;
    for (const headers of Object.values(callers)) {
      for (const jurisdictions of [null, [ownState, otherState]]) {
        for (const asOf of ['2026-11-01', '2026-06-15', '2025-12-31']) {
          const result = await hub.query<any>(
            `query($f: WorkforceMetricsFilter) { workforceMetrics(filter: $f) { totals { ${selection} } byJurisdiction { ${selection} funds { applications { value suppressed } requestedCents { value suppressed } awardedCents { value suppressed } disbursedCents { value suppressed } } } } }`,
            { f: { jurisdictions, asOf } },
            headers,
          );
          expectAnswered(result, 'metrics');
          const { totals, byJurisdiction } = result.data!.workforceMetrics;
          for (const name of COUNTS) {
            const parts = byJurisdiction.map((row: any) => row[name]);
            components += parts.length;
            if (parts.some((p: any) => p.suppressed)) {
              expect(totals[name], name).toEqual({ value: null, suppressed: true });
              withheldTotals++;
            }
          }
          for (const row of byJurisdiction) {
            for (const [figure, part] of [['assistanceRequestedCents', 'requestedCents'], ['assistanceAwardedCents', 'awardedCents'], ['assistanceDisbursedCents', 'disbursedCents']]) {
              if (row.funds.some((fund: any) => fund[part].suppressed)) expect(row[figure].suppressed).toBe(true);
            }
          }
        }
        const series = await hub.query<any>(
          `query($f: WorkforceSeriesFilter!) { workforceTimeSeries(filter: $f) { totals { ${SERIES.map((s) => `${s} { value suppressed }`).join(' ')} } byJurisdiction { months { ${SERIES.map((s) => `${s} { value suppressed }`).join(' ')} } } } }`,
          { f: { jurisdictions, from: '2025-11-01', to: '2026-10-31' } },
          headers,
        );
        expectAnswered(series, 'series');
        const { totals, byJurisdiction } = series.data!.workforceTimeSeries;
        totals.forEach((month: any, i: number) => {
          for (const name of SERIES) {
            if (byJurisdiction.some((row: any) => row.months[i][name].suppressed)) {
              expect(month[name]).toEqual({ value: null, suppressed: true });
              withheldTotals++;
            }
          }
        });
      }
    }
    expect(components).toBeGreaterThan(100);
    expect(withheldTotals).toBeGreaterThan(10);
  }, 120_000);
});
