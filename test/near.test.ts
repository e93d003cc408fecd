/**
 * Distance search: `near` in the filter of every located type (job postings, employers, supervisors, training events
 * and any type declared later), the order by DISTANCE with keyset paging, distanceMiles, the refusals, the scope, and
 * the statements it costs. Run on the embedded database and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, asPeer, jobPostingDraft, startTestHub, type TestHub } from './kit';
import { hubSchema } from '../src/domain/schema';
import { Client } from 'pg';
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { loadPostalCodes, POSTAL_CODE_CENTROIDS } from '../src/db/seed/load-postal-codes';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { locationOf, MAX_NEAR_MILES, postalCentroids } from '../src/graphql/near';
import { registeredTypes } from '../src/graphql/relations';
import { Role } from '../src/auth/viewer';

let hub: TestHub;
let schema: GraphQLSchema;

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1 });
  schema = await hubSchema();
  // as the hub does at start, with the reference data (the seed leaves them out)
  const client = new Client({ connectionString: hub.db.url });
  await client.connect();
  try {
    expect(await loadPostalCodes(client)).toEqual({ added: POSTAL_CODE_CENTROIDS, updated: 0, removed: 0 });
  } finally {
    await client.end();
  }
});
afterAll(() => hub?.close());

/** The geodesic distance on the WGS84 ellipsoid (Vincenty's inverse formula), in miles: the true figure. */
function geodesicMiles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const A = 6378137;
  const F = 1 / 298.257223563;
  const B = A * (1 - F);
  const rad = Math.PI / 180;
  const L = (b.longitude - a.longitude) * rad;
  const U1 = Math.atan((1 - F) * Math.tan(a.latitude * rad));
  const U2 = Math.atan((1 - F) * Math.tan(b.latitude * rad));
  const [sinU1, cosU1, sinU2, cosU2] = [Math.sin(U1), Math.cos(U1), Math.sin(U2), Math.cos(U2)];
  let lambda = L;
  let sigma = 0, sinSigma = 0, cosSigma = 1, cos2Alpha = 1, cos2SigmaM = 0;
  for (let i = 0; i < 200; i++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    sinSigma = Math.sqrt((cosU2 * sinLambda) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) ** 2);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cos2Alpha = 1 - sinAlpha ** 2;
    cos2SigmaM = cos2Alpha ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda = L + (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - previous) < 1e-12) break;
  }
  const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
  const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const deltaSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4) * (cosSigma * (-1 + 2 * cos2SigmaM ** 2) - (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
  return (B * bigA * (sigma - deltaSigma)) / 1609.344;
}

const centroid = (code: string) => {
  const found = postalCentroids().get(code);
  if (!found) throw new Error(`no centroid for ${code}`);
  return found;
};

/** Every located type with the root list that reads it, found from the schema: a type located later is covered. */
function locatedLists(): { typeName: string; list: string; location: NonNullable<ReturnType<typeof locationOf>> }[] {
  const fields = schema.getQueryType()!.getFields();
  return registeredTypes()
    .filter((type) => locationOf(type))
    .map((type) => {
      const list = Object.values(fields).find((field) => {
        const named = getNamedType(field.type);
        return isObjectType(named) && named.name === `${type.name}Connection`;
      });
      if (!list) throw new Error(`${type.name} is located but has no root list`);
      return { typeName: type.name, list: list.name, location: locationOf(type)! };
    });
}

async function readAll(list: string, filter: Record<string, unknown> | null, headers?: Record<string, string>, orderBy?: unknown) {
  const nodes: { id: string; postalCode: string | null; distanceMiles: number | null }[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await hub.query(
      `query($filter: ${listFilterType(list)}, $after: String, $orderBy: [${listOrderType(list)}!]) {
        ${list}(first: 100, after: $after, filter: $filter, orderBy: $orderBy) { pageInfo { hasNextPage endCursor } nodes { id postalCode distanceMiles } } }`,
      { filter, after, orderBy },
      headers,
    );
    expect(page.errors).toBeUndefined();
    nodes.push(...page.data[list].nodes);
    if (!page.data[list].pageInfo.hasNextPage) return nodes;
    after = page.data[list].pageInfo.endCursor;
  }
}

function listType(list: string): string {
  return getNamedType(schema.getQueryType()!.getFields()[list].type).name.replace(/Connection$/, '');
}
const listFilterType = (list: string) => `${listType(list)}Filter`;
const listOrderType = (list: string) => `${listType(list)}OrderBy`;

/** The hub's figure: great-circle miles on the mean-radius sphere, to 0.01 mile. */
function sphereMiles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return Math.round(2 * 3958.7613 * Math.asin(Math.min(1, Math.sqrt(h))) * 100) / 100;
}

describe('the ZIP code centroids', () => {
  it('are the package\'s US codes with a position, all in the table, and a second load changes nothing', async () => {
    expect(postalCentroids().size).toBe(POSTAL_CODE_CENTROIDS);
    const [{ count }] = await hub.sql<{ count: number }>('select count(*)::int as count from postal_code_centroid');
    expect(count).toBe(POSTAL_CODE_CENTROIDS);
    const [austin] = await hub.sql<{ latitude: number; longitude: number; state: string }>(`select latitude, longitude, state from postal_code_centroid where postal_code = '78701'`);
    expect(austin).toEqual({ latitude: 30.2713, longitude: -97.7426, state: 'TX' });
    const client = new Client({ connectionString: hub.db.url });
    await client.connect();
    try {
      expect(await loadPostalCodes(client)).toEqual({ added: 0, updated: 0, removed: 0 });
      // a table short of codes (the count differs) is made equal to the package
      await client.query(`delete from postal_code_centroid where postal_code in ('55401', '55101')`);
      await client.query(`update postal_code_centroid set latitude = 0 where postal_code = '78701'`);
      await client.query(`insert into postal_code_centroid values ('00001', 1, 1, 'XX')`);
      expect(await loadPostalCodes(client)).toEqual({ added: 2, updated: 1, removed: 1 });
      expect(await loadPostalCodes(client)).toEqual({ added: 0, updated: 0, removed: 0 });
    } finally {
      await client.end();
    }
    const [again] = await hub.sql(`select latitude from postal_code_centroid where postal_code = '78701'`);
    expect(again).toEqual({ latitude: 30.2713 });
  });

  it('the seed gives located rows real ZIP codes of their own state', async () => {
    const rows = await hub.sql<{ kind: string; code: string; state: string | null; jurisdiction: string }>(
      `select 'supervisor' as kind, s.postal_code as code, c.state, j.code as jurisdiction from supervisor s join jurisdiction j on j.id = s.jurisdiction_id left join postal_code_centroid c on c.postal_code = s.postal_code where s.postal_code is not null
       union all
       select 'training_event', e.postal_code, c.state, j.code from training_event e join jurisdiction j on j.id = e.jurisdiction_id left join postal_code_centroid c on c.postal_code = e.postal_code where e.postal_code is not null`,
    );
    expect(rows.filter((r) => r.kind === 'supervisor').length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.kind === 'training_event').length).toBeGreaterThan(10);
    expect(new Set(rows.map((r) => r.jurisdiction))).toEqual(new Set(['MN', 'TX']));
    for (const row of rows) expect(row.state).toBe(row.jurisdiction);
    const [{ virtual }] = await hub.sql<{ virtual: number }>(`select count(*)::int as virtual from training_event where format = 'VIRTUAL_LIVE' and postal_code is not null`);
    expect(virtual).toBe(0);
  });
});

describe('distances', () => {
  // pairs of the seed's cities: the hub's figure within a mile of the geodesic distance between their centroids
  const pairs: [string, string, number][] = [
    ['78701', '78205', 74], // Austin, San Antonio
    ['78701', '75201', 182], // Austin, Dallas
    ['75201', '76102', 31], // Dallas, Fort Worth
    ['55401', '55101', 9], // Minneapolis, Saint Paul
    ['55401', '55802', 137], // Minneapolis, Duluth
  ];
  it.each(pairs)('from %s to %s is about %d miles', async (from, to, roughly) => {
    const [{ id, code }] = await hub.sql<{ id: number; code: string }>('select id, postal_code as code from employer order by id limit 1');
    await hub.sql('update employer set postal_code = ? where id = ?', [to, id]);
    const row = (await readAll('employers', { near: { postalCode: from, withinMiles: 200 } })).find((n) => fromGlobalId(n.id).key === id);
    await hub.sql('update employer set postal_code = ? where id = ?', [code, id]);
    expect(row, `the employer moved to ${to}, within 200 miles of ${from}`).toBeDefined();
    const truth = geodesicMiles(centroid(from), centroid(to));
    expect(Math.abs(row!.distanceMiles! - truth)).toBeLessThan(1);
    expect(Math.abs(row!.distanceMiles! - roughly)).toBeLessThan(2);
  });

  it('keeps a row at the radius and leaves it out 0.01 mile short of it', async () => {
    const d = sphereMiles(centroid('78701'), centroid('78205'));
    const inside = await readAll('employers', { near: { postalCode: '78701', withinMiles: d } });
    expect(inside.some((n) => n.postalCode === '78205')).toBe(true);
    expect(inside.find((n) => n.postalCode === '78205')!.distanceMiles).toBe(d);
    const outside = await readAll('employers', { near: { postalCode: '78701', withinMiles: d - 0.01 } });
    expect(outside.some((n) => n.postalCode === '78205')).toBe(false);
    expect(outside.length).toBeGreaterThan(0);
  });

  it('reads distanceMiles as null without a near, and in a list reached through another row', async () => {
    const result: any = await hub.query(`{ employers(first: 3) { nodes { distanceMiles jobPostings(first: 2) { nodes { distanceMiles } } } } }`);
    expect(result.errors).toBeUndefined();
    for (const employer of result.data.employers.nodes) {
      expect(employer.distanceMiles).toBeNull();
      for (const posting of employer.jobPostings.nodes) expect(posting.distanceMiles).toBeNull();
    }
  });
});

describe('the same answers on every located type', () => {
  it('declares at least postings, employers, supervisors and training events', () => {
    expect(locatedLists().map((l) => l.typeName)).toEqual(expect.arrayContaining(['JobPosting', 'Employer', 'Supervisor', 'TrainingEvent']));
  });

  it.each([
    ['78701', 100],
    ['55401', 60],
    ['79901', 10],
  ])('near %s within %d miles: exactly the rows whose ZIP code is that close, nearest first, ties by id', async (postalCode, miles) => {
    const centre = centroid(postalCode);
    for (const { typeName, list, location } of locatedLists()) {
      const table = hub.orm.getMetadata().find(typeName)!;
      const column = table.properties[location.postalCode].fieldNames[0];
      const rows = await hub.sql<{ id: number; code: string | null }>(`select id, ${column} as code from ${table.tableName}`);
      const expected = rows
        .filter((r) => r.code && postalCentroids().has(r.code))
        .map((r) => ({ id: r.id, miles: sphereMiles(centre, centroid(r.code!)) }))
        .filter((r) => r.miles <= miles)
        .sort((a, b) => a.miles - b.miles || a.id - b.id);
      const nodes = await readAll(list, { near: { postalCode, withinMiles: miles } });
      expect(nodes.map((n) => fromGlobalId(n.id).key), `${list} near ${postalCode}`).toEqual(expected.map((r) => r.id));
      expect(nodes.map((n) => n.distanceMiles)).toEqual(expected.map((r) => r.miles));
    }
  });

  it('pages by distance forward and backward, each row once, in any order asked for', async () => {
    for (const { list } of locatedLists()) {
      const filter = { near: { postalCode: '78701', withinMiles: 250 } };
      const all = await readAll(list, filter);
      const forward: string[] = [];
      let after: string | null = null;
      do {
        const page: any = await hub.query(`query($f: ${listFilterType(list)}, $a: String) { ${list}(first: 3, after: $a, filter: $f, orderBy: [{ field: DISTANCE }]) { pageInfo { hasNextPage endCursor } nodes { id } } }`, { f: filter, a: after });
        expect(page.errors).toBeUndefined();
        forward.push(...page.data[list].nodes.map((n: { id: string }) => n.id));
        after = page.data[list].pageInfo.hasNextPage ? page.data[list].pageInfo.endCursor : null;
      } while (after);
      const backward: string[][] = [];
      let before: string | null = null;
      do {
        const page: any = await hub.query(`query($f: ${listFilterType(list)}, $b: String) { ${list}(last: 4, before: $b, filter: $f) { pageInfo { hasPreviousPage startCursor } nodes { id } } }`, { f: filter, b: before });
        expect(page.errors).toBeUndefined();
        backward.unshift(page.data[list].nodes.map((n: { id: string }) => n.id));
        before = page.data[list].pageInfo.hasPreviousPage ? page.data[list].pageInfo.startCursor : null;
      } while (before);
      expect(all.length, list).toBeGreaterThan(3);
      expect(forward).toEqual(all.map((n) => n.id));
      expect(backward.flat()).toEqual(forward);
      // farthest first
      const descending = await readAll(list, filter, undefined, [{ field: 'DISTANCE', direction: 'DESC' }]);
      const distances = descending.map((n) => n.distanceMiles!);
      expect(distances).toEqual([...distances].sort((a, b) => b - a));
      expect(new Set(descending.map((n) => n.id))).toEqual(new Set(forward));
    }
  });

  it('pages in another order too, with relations of the rows, whether or not the order field is selected', async () => {
    const filter = { near: { postalCode: '78701', withinMiles: 250 } };
    const all = await readAll('jobPostings', filter);
    const byDate = await hub.sql<{ id: number }>(`select id, date_posted from job_posting where id = any(?::int[]) order by date_posted desc nulls first, id`, [`{${all.map((n) => fromGlobalId(n.id).key).join(',')}}`]);
    const ids: number[] = [];
    let after: string | null = null;
    do {
      const page: any = await hub.query(
        `query($f: JobPostingFilter, $a: String) { jobPostings(first: 4, after: $a, filter: $f, orderBy: [{ field: DATE_POSTED, direction: DESC }]) { pageInfo { hasNextPage endCursor } nodes { id distanceMiles employer { name } } } }`,
        { f: filter, a: after },
      );
      expect(page.errors).toBeUndefined();
      for (const node of page.data.jobPostings.nodes) expect(node.distanceMiles).toBeLessThanOrEqual(250);
      ids.push(...page.data.jobPostings.nodes.map((n: { id: string }) => fromGlobalId(n.id).key));
      after = page.data.jobPostings.pageInfo.hasNextPage ? page.data.jobPostings.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(byDate.map((r) => r.id));
  });

  it('refuses an unknown or malformed postal code and a radius out of range, naming the argument', async () => {
    for (const { list } of locatedLists()) {
      const ask = (near: Record<string, unknown>) => hub.query(`query($f: ${listFilterType(list)}) { ${list}(filter: $f) { totalCount } }`, { f: { near } }) as Promise<any>;
      for (const [near, argument] of [
        [{ postalCode: '00000', withinMiles: 10 }, 'filter.near.postalCode'],
        [{ postalCode: '7870', withinMiles: 10 }, 'filter.near.postalCode'],
        [{ postalCode: 'abcde', withinMiles: 10 }, 'filter.near.postalCode'],
        [{ postalCode: '78701', withinMiles: 0 }, 'filter.near.withinMiles'],
        [{ postalCode: '78701', withinMiles: -5 }, 'filter.near.withinMiles'],
        [{ postalCode: '78701', withinMiles: MAX_NEAR_MILES + 0.5 }, 'filter.near.withinMiles'],
      ] as const) {
        const result = await ask(near);
        expect(result.errors?.[0]?.extensions, `${list} ${JSON.stringify(near)}`).toMatchObject({ code: 'BAD_USER_INPUT', argument });
        expect(result.errors[0].message).toContain(argument);
      }
      expect((await ask({ postalCode: '78701-1234', withinMiles: MAX_NEAR_MILES })).errors).toBeUndefined();
      const nested: any = await hub.query(`query($f: ${listFilterType(list)}!) { ${list}(filter: { and: [$f] }) { totalCount } }`, { f: { near: { postalCode: '99999', withinMiles: 5 } } });
      expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.and[0].near.postalCode' });
      const unordered: any = await hub.query(`{ ${list}(orderBy: [{ field: DISTANCE }]) { totalCount } }`);
      expect(unordered.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'orderBy' });
    }
  });
});

describe('near in a relation filter', () => {
  it('keeps the postings whose employer is near, without ordering or measuring them', async () => {
    const centre = centroid('55401');
    const employers = await hub.sql<{ id: number; code: string | null }>('select id, postal_code as code from employer');
    const nearEmployers = new Set(employers.filter((e) => e.code && sphereMiles(centre, centroid(e.code)) <= 40).map((e) => e.id));
    const postings = await hub.sql<{ id: number; employer: number }>('select id, employer_id as employer from job_posting order by id');
    const expected = postings.filter((p) => nearEmployers.has(p.employer)).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(0);
    const nodes = await readAll('jobPostings', { employer: { near: { postalCode: '55401', withinMiles: 40 } } });
    expect(nodes.map((n) => fromGlobalId(n.id).key)).toEqual(expected);
    for (const node of nodes) expect(node.distanceMiles).toBeNull();
  });
});

describe('remote postings', () => {
  it("match any distance in the centre's state only with includeRemote, with no distance last, after the located ones", async () => {
    const mn = `(select id from jurisdiction where code = 'MN')`;
    // a Minnesota posting far north of Minneapolis, one of Texas, and one of Minnesota without a code, all made remote
    const [{ id: north }] = await hub.sql<{ id: number }>(
      `select j.id from job_posting j join postal_code_centroid c on c.postal_code = j.postal_code where c.latitude > 46 and j.jurisdiction_id = ${mn} order by j.id limit 1`,
    );
    const [{ id: texan }] = await hub.sql<{ id: number }>(`select id from job_posting where postal_code = '79901' order by id limit 1`);
    const [{ id: nowhere }] = await hub.sql<{ id: number }>(`select id from job_posting where jurisdiction_id = ${mn} and id <> ? order by id desc limit 1`, [north]);
    await hub.sql(`update job_posting set remote = true where id in (?, ?)`, [north, texan]);
    await hub.sql(`update job_posting set remote = true, postal_code = null where id = ?`, [nowhere]);
    try {
      const near = { postalCode: '55401', withinMiles: 30 };
      const without = (await readAll('jobPostings', { near })).map((n) => fromGlobalId(n.id).key);
      expect(without).not.toContain(north);
      expect(without).not.toContain(nowhere);
      const withRemote = await readAll('jobPostings', { near: { ...near, includeRemote: true } });
      const keys = withRemote.map((n) => fromGlobalId(n.id).key);
      expect(keys).toEqual(expect.arrayContaining([...without, north, nowhere]));
      // remote jobs are open to people of their state alone: a Texan one is no job near Minneapolis
      expect(keys).not.toContain(texan);
      const remoteInState = (await hub.sql<{ id: number }>(`select id from job_posting where remote and jurisdiction_id = ${mn}`)).map((r) => r.id);
      expect(new Set(keys)).toEqual(new Set([...without, ...remoteInState]));
      expect(keys).toHaveLength(new Set(keys).size);
      // the northern one is measured (over a hundred miles); the one without a code comes last, with no distance
      expect(withRemote.find((n) => fromGlobalId(n.id).key === north)!.distanceMiles).toBeGreaterThan(100);
      expect(withRemote.at(-1)).toMatchObject({ postalCode: null, distanceMiles: null });
      // a type without remote rows ignores includeRemote
      const employers = await readAll('employers', { near: { ...near, includeRemote: true } });
      expect(employers).toEqual(await readAll('employers', { near }));
    } finally {
      await hub.sql(`update job_posting set remote = false where id in (?, ?)`, [north, texan]);
    }
  });
});

describe('scope', () => {
  it('a caller without a token and a PEER read only the rows they may read, near or not', async () => {
    const [{ person }] = await hub.sql<{ person: number }>('select min(id)::int as person from peer_specialist');
    for (const headers of [await as('PUBLIC'), await asPeer(person), await as({ role: Role.ADMIN })]) {
      for (const { list } of locatedLists()) {
        const near = { postalCode: '78701', withinMiles: 200 };
        const everything = await readAll(list, null, headers);
        const centre = centroid('78701');
        const expected = everything
          .filter((n) => n.postalCode && postalCentroids().has(n.postalCode) && sphereMiles(centre, centroid(n.postalCode)) <= 200)
          .map((n) => n.id)
          .sort();
        const nodes = await readAll(list, { near }, headers);
        expect(nodes.map((n) => n.id).sort(), `${list} as ${headers.authorization ? 'a token' : 'PUBLIC'}`).toEqual(expected);
      }
    }
    // postings: without a token, the open ones only
    const publicPostings = await readAll('jobPostings', { near: { postalCode: '78701', withinMiles: 200 } }, await as('PUBLIC'));
    const open = await hub.sql<{ id: number; code: string | null }>(
      `select id, postal_code as code from job_posting where status = 'OPEN' and (valid_through is null or valid_through >= current_date)`,
    );
    const expected = open.filter((r) => r.code && sphereMiles(centroid('78701'), centroid(r.code)) <= 200).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan((await hub.sql('select id from job_posting')).length);
    expect(publicPostings.map((n) => fromGlobalId(n.id).key).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});

describe('statements', () => {
  it('a near costs no statement of its own: one for the page, one for totalCount, one for a nested list', async () => {
    const root: any = await hub.query(`{ jobPostings(first: 5, filter: { near: { postalCode: "78701", withinMiles: 50 } }) { totalCount nodes { id distanceMiles employer { name } } } }`);
    expect(root.errors).toBeUndefined();
    expect(root.extensions.sqlStatements).toBe(2);
    const nested: any = await hub.query(
      `{ employers(first: 5, filter: { near: { postalCode: "55401", withinMiles: 20 } }) { nodes { distanceMiles jobPostings(first: 3, filter: { near: { postalCode: "55101", withinMiles: 20 } }) { nodes { distanceMiles } } } } }`,
    );
    expect(nested.errors).toBeUndefined();
    expect(nested.extensions.sqlStatements).toBe(1);
    const distances = nested.data.employers.nodes.flatMap((e: any) => e.jobPostings.nodes.map((p: any) => p.distanceMiles));
    expect(distances.length).toBeGreaterThan(0);
    for (const d of distances) expect(d).toBeLessThanOrEqual(20);
    // refused before any SQL
    const refused: any = await hub.query(`{ jobPostings(filter: { near: { postalCode: "00000", withinMiles: 5 } }) { totalCount } }`);
    expect(refused.extensions.sqlStatements ?? 0).toBe(0);
  });
});

describe('ZIP+4 codes', () => {
  it('a posting saved with a ZIP+4 code keeps its 5-digit ZIP code, which near and the postalCode filter find', async () => {
    const [employer] = await hub.sql<{ id: number }>(`select id from employer where jurisdiction_id = (select id from jurisdiction where code = 'TX') order by id limit 1`);
    const created = await hub.query<{ createJobPostingDraft: { id: string; postalCode: string } }>(
      `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id postalCode } }`,
      { input: jobPostingDraft({ employerId: toGlobalId('Employer', employer.id), city: 'Austin', postalCode: '78701-1234' }) },
    );
    expect(created.errors).toBeUndefined();
    const { id, postalCode } = created.data!.createJobPostingDraft;
    expect(postalCode).toBe('78701');
    const [row] = await hub.sql<{ postal_code: string }>('select postal_code from job_posting where id = ?', [fromGlobalId(id).key]);
    expect(row.postal_code).toBe('78701');
    const near = await readAll('jobPostings', { id: { eq: id }, near: { postalCode: '78701-9999', withinMiles: 1 } });
    expect(near.map((n) => n.id)).toEqual([id]);
    expect(near[0].distanceMiles).toBe(0);
    await hub.sql('delete from job_posting where id = ?', [fromGlobalId(id).key]);
  });
});
