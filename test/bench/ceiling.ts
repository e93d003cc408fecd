/**
 * The hand-written ceiling for the query-language benchmark: node:http and pg, no GraphQL, no ORM. For each of
 * three client operations it runs the very statements the hub runs, read from the hub's SQL snapshots
 * (test/__sql__/<Operation>.sql, which the suite keeps equal to what the hub sends), binds the same values, and
 * writes the same JSON: the benchmark measures what the hub's layers cost on top of the database.
 *
 * With CEILING_PREPARED=true it sends each statement as a named prepared statement, prepared once per connection, as
 * the hub does on a PostgreSQL server (src/sql/prepared.ts): the ceiling of the hub with prepared statements.
 *
 *   DATABASE_URL=... PORT=0 node dist/test/bench/ceiling.js     (prints "ceiling ready at http://host:port")
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool, types } from 'pg';
import { fromRoot } from '../../src/paths';

// as MikroORM's connection does: calendar days and instants stay text
for (const oid of [1082, 1114, 1184]) types.setTypeParser(oid, (value: string) => value);

// jit off as the hub's sessions have it (src/db/orm.ts): JIT compiling the dashboard's aggregates costs more than
// running them. Set as a startup option of each connection, before any query: a `set` sent from the pool's connect
// event raced the first query on the connection (pg warns of a query sent while another runs)
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: '-c jit=off' });
const id = (type: string, key: number) => Buffer.from(`${type}:${key}`).toString('base64url');
const cursor = (type: string, signature: string, values: unknown[]) => Buffer.from(JSON.stringify([type, signature, ...values])).toString('base64url');

/** The page statement and the count statement of an operation, as the hub runs them, with $n placeholders. */
function statementsOf(operation: string): { page: string; count: string } {
  const statements = readFileSync(fromRoot('test/__sql__', `${operation}.sql`), 'utf8')
    .split('\n\n')
    .slice(1)
    .map((text) => {
      let n = 0;
      return text.trim().replace(/;$/, '').replace(/\?/g, () => `$${++n}`);
    });
  const count = statements.find((sql) => sql.startsWith('select count(*)'));
  const page = statements.find((sql) => !sql.startsWith('select count(*)'));
  if (!count || !page || statements.length !== 2) throw new Error(`${operation}: expected a page and a count statement`);
  return { page, count };
}

const PREPARED = process.env.CEILING_PREPARED === 'true';
const statementNames = new Map<string, string>();
const nameOf = (sql: string) => statementNames.get(sql) ?? statementNames.set(sql, `ceiling${statementNames.size + 1}`).get(sql)!;
const rows = async (sql: string, params: unknown[]) => (await (PREPARED ? pool.query({ name: nameOf(sql), text: sql, values: params }) : pool.query(sql, params))).rows;

const search = statementsOf('SearchOpenPostings');
/** SearchOpenPostings: open postings of a state in some program kinds paying at least a minimum, newest first. */
async function searchOpenPostings(v: { jurisdiction: string; programs: string[]; minHourlyCents: number; first: number }) {
  // the status as read today is written into the statement (src/graphql/dated.ts), not bound
  const filter = [v.minHourlyCents, 'HOUR', `{${v.programs.join(',')}}`, v.jurisdiction];
  const [page, [{ count }]] = await Promise.all([rows(search.page, [...filter, v.first + 1]), rows(search.count, filter)]);
  const nodes = page.slice(0, v.first);
  const last = nodes.at(-1);
  return {
    data: {
      jobPostings: {
        totalCount: count,
        pageInfo: { hasNextPage: page.length > v.first, endCursor: last ? cursor('JobPosting', 'datePosted:DESC,id:ASC', [last.datePosted, last.id]) : null },
        nodes: nodes.map((n) => ({
          id: id('JobPosting', n.id),
          title: n.title,
          datePosted: n.datePosted,
          city: n.city,
          payMinCents: n.payMinCents,
          payMaxCents: n.payMaxCents,
          certificationRequirement: n.certificationRequirement,
          employer: { id: id('Employer', n['@employer'].id), name: n['@employer'].name },
          program: n['@program'] ? { kind: n['@program'].kind, name: n['@program'].name } : null,
        })),
      },
    },
  };
}

const expiring = statementsOf('ExpiringCertifications');
/** ExpiringCertifications: one credential's certifications in a state and status expiring before a day, with current employers. */
async function expiringCertifications(v: { jurisdiction: string; credential: string; status: string; before: string; first: number }) {
  // v.status is written into the recorded statement (the status as read today), not bound
  const filter = [v.before, v.credential, v.jurisdiction];
  const employmentsPerPerson = 5;
  const [page, [{ count }]] = await Promise.all([rows(expiring.page, [employmentsPerPerson + 1, ...filter, v.first + 1]), rows(expiring.count, filter)]);
  const nodes = page.slice(0, v.first);
  const last = nodes.at(-1);
  return {
    data: {
      certifications: {
        totalCount: count,
        pageInfo: { hasNextPage: page.length > v.first, endCursor: last ? cursor('Certification', 'expiresOn:ASC,id:ASC', [last.expiresOn, last.id]) : null },
        nodes: nodes.map((n) => {
          const person = n['@person'];
          return {
            id: id('Certification', n.id),
            credentialNumber: n.credentialNumber,
            status: n.status,
            expiresOn: n.expiresOn,
            person: {
              id: id('PeerSpecialist', person.id),
              firstName: person.firstName,
              lastName: person.lastName,
              employments: {
                nodes: person['@employments'].slice(0, employmentsPerPerson).map((job: any) => ({
                  title: job.title,
                  employer: { id: id('Employer', job['@employer'].id), name: job['@employer'].name },
                })),
              },
            },
          };
        }),
      },
    },
  };
}

const employers = statementsOf('EmployersOpenPostings');
/** EmployersOpenPostings: a state's employers with how many postings each has open. */
async function employersOpenPostings(v: { jurisdiction: string; first: number }) {
  const [page, [{ count }]] = await Promise.all([rows(employers.page, [v.jurisdiction, v.first + 1]), rows(employers.count, [v.jurisdiction])]);
  const nodes = page.slice(0, v.first);
  const last = nodes.at(-1);
  return {
    data: {
      employers: {
        totalCount: count,
        pageInfo: { hasNextPage: page.length > v.first, endCursor: last ? cursor('Employer', 'id:ASC', [last.id]) : null },
        nodes: nodes.map((n) => ({ id: id('Employer', n.id), name: n.name, city: n.city, kind: n.kind, openPostings: { totalCount: n['@openPostings#'] } })),
      },
    },
  };
}

/** Every statement of an operation's snapshot, with $n placeholders. */
function allStatementsOf(operation: string): string[] {
  return readFileSync(fromRoot('test/__sql__', `${operation}.sql`), 'utf8')
    .split('\n\n')
    .slice(1)
    .map((text) => {
      let n = 0;
      return text.trim().replace(/;$/, '').replace(/\?/g, () => `$${++n}`);
    });
}

const dashboard = allStatementsOf('WorkforceDashboard');
const dashboardAreas = dashboard.filter((sql) => sql.startsWith('with '));
const dashboardJurisdictions = dashboard.find((sql) => sql.includes('from "jurisdiction"'))!;
const dashboardFunds = dashboard.find((sql) => sql.includes('from "assistance_fund"'))!;
/**
 * WorkforceDashboard: the hub's four area statements side by side (recorded for asOf 2026-11-01), then its two
 * look-ups of the states and funds they name, answered as raw rows: the database's share of the work, without the
 * small-count rule or the shaping the hub adds.
 */
async function workforceDashboard() {
  const areas = await Promise.all(dashboardAreas.map((sql) => rows(sql, [])));
  const ids = (column: string) => [...new Set(areas.flat().map((row) => row[column]).filter((v) => v !== null && v !== undefined))];
  const [jurisdictions, funds] = await Promise.all([rows(dashboardJurisdictions, [ids('jid')]), rows(dashboardFunds, [ids('fund_id')])]);
  return { data: { areas, jurisdictions, funds } };
}

export const handlers: Record<string, (variables: any) => Promise<unknown>> = {
  '/WorkforceDashboard': workforceDashboard,
  '/SearchOpenPostings': searchOpenPostings,
  '/ExpiringCertifications': expiringCertifications,
  '/EmployersOpenPostings': employersOpenPostings,
};

function respond(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body) + '\n'; // as Apollo ends its answers
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const handler = handlers[req.url ?? ''];
  if (!handler || req.method !== 'POST') return respond(res, 404, { error: 'unknown route' });
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    handler(JSON.parse(Buffer.concat(chunks).toString()).variables).then(
      (body) => respond(res, 200, body),
      (error: Error) => respond(res, 500, { error: error.message }),
    );
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`ceiling ready at http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
