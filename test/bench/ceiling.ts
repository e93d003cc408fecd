/**
 * The hand-written ceiling for the query-language benchmark: node:http and pg, no GraphQL, no ORM. For each of
 * three client operations it runs the same SQL statements the hub runs (test/__sql__) and writes the same JSON, so
 * that the benchmark measures what the hub's layers cost on top of the database.
 *
 *   DATABASE_URL=... PORT=0 node dist/test/bench/ceiling.js     (prints "ceiling ready at http://host:port")
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool, types } from 'pg';

// as MikroORM's connection does: calendar days and instants stay text
for (const oid of [1082, 1114, 1184]) types.setTypeParser(oid, (value: string) => value);

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const id = (type: string, key: number) => Buffer.from(`${type}:${key}`).toString('base64url');
const cursor = (type: string, signature: string, values: unknown[]) => Buffer.from(JSON.stringify([type, signature, ...values])).toString('base64url');
const rows = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
const byId = (list: any[]) => new Map(list.map((row) => [row.id, row]));

const EMPLOYER = `t."id" as "id", t."synthetic" as "synthetic", t."jurisdiction_id" as "jurisdictionId", t."name" as "name", t."kind" as "kind", t."city" as "city", t."postal_code" as "postalCode", t."website" as "website"`;
const PROGRAM = `t."id" as "id", t."synthetic" as "synthetic", t."employer_id" as "employerId", t."kind" as "kind", t."name" as "name", t."city" as "city", t."active" as "active"`;
const POSTING = `t."id" as "id", t."synthetic" as "synthetic", t."employer_id" as "employerId", t."program_id" as "programId", t."jurisdiction_id" as "jurisdictionId", t."title" as "title", t."description" as "description", t."role" as "role", t."employment_type" as "employmentType", t."city" as "city", t."postal_code" as "postalCode", t."remote" as "remote", t."pay_min_cents" as "payMinCents", t."pay_max_cents" as "payMaxCents", t."pay_unit" as "payUnit", t."certification_requirement" as "certificationRequirement", t."supervision_provided" as "supervisionProvided", t."counts_toward_internship_hours" as "countsTowardInternshipHours", t."openings" as "openings", t."date_posted" as "datePosted", t."valid_through" as "validThrough", t."status" as "status", t."created_at" as "createdAt", t."updated_at" as "updatedAt"`;
const CERTIFICATION = `t."id" as "id", t."synthetic" as "synthetic", t."person_id" as "personId", t."credential_type_id" as "credentialTypeId", t."jurisdiction_id" as "jurisdictionId", t."credential_number" as "credentialNumber", t."status" as "status", t."first_issued_on" as "firstIssuedOn", t."issued_on" as "issuedOn", t."last_renewed_on" as "lastRenewedOn", t."expires_on" as "expiresOn", t."ce_due_on" as "ceDueOn", t."extensions_used" as "extensionsUsed", t."action_taken" as "actionTaken", t."source_name" as "sourceName", t."source_file" as "sourceFile", t."source_row" as "sourceRow", t."updated_at" as "updatedAt"`;
const PERSON = `t."id" as "id", t."synthetic" as "synthetic", t."first_name" as "firstName", t."middle_name" as "middleName", t."last_name" as "lastName", t."email" as "email", t."phone" as "phone", t."birth_year" as "birthYear", t."jurisdiction_id" as "jurisdictionId", t."city" as "city", t."postal_code" as "postalCode", t."languages" as "languages", t."created_at" as "createdAt"`;
const EMPLOYMENT = `t."id" as "id", t."synthetic" as "synthetic", t."person_id" as "personId", t."employer_id" as "employerId", t."program_id" as "programId", t."role" as "role", t."title" as "title", t."employment_type" as "employmentType", t."started_on" as "startedOn", t."ended_on" as "endedOn", t."hourly_wage_cents" as "hourlyWageCents"`;

const arrayOf = (keys: number[]) => `{${keys.join(',')}}`;

/** SearchOpenPostings: open postings of a state in some program kinds paying at least a minimum, newest first. */
async function searchOpenPostings(v: { jurisdiction: string; programs: string[]; minHourlyCents: number; first: number }) {
  const where = `t."pay_min_cents" >= $1 and t."pay_unit" = $2 and t."status" = $3 and exists (select 1 from "service_program" f1 where f1.id = t."program_id" and f1."kind" = any($4::text[])) and exists (select 1 from "jurisdiction" f2 where f2.id = t."jurisdiction_id" and f2."code" = $5)`;
  const params = [v.minHourlyCents, 'HOUR', 'OPEN', `{${v.programs.join(',')}}`, v.jurisdiction];
  const [page, [{ count }]] = await Promise.all([
    rows(`select ${POSTING} from "job_posting" t where true and ${where} order by t."date_posted" desc, t."id" asc limit $6`, [...params, v.first + 1]),
    rows(`select count(*)::int as count from "job_posting" t where true and ${where}`, params),
  ]);
  const nodes = page.slice(0, v.first);
  const [employers, programs] = await Promise.all([
    rows(`select ${EMPLOYER} from "employer" t where t.id = any($1::int[])`, [arrayOf([...new Set(nodes.map((n) => n.employerId))])]).then(byId),
    rows(`select ${PROGRAM} from "service_program" t where t.id = any($1::int[])`, [arrayOf([...new Set(nodes.map((n) => n.programId).filter((k) => k != null))])]).then(byId),
  ]);
  const last = nodes.at(-1);
  return {
    data: {
      jobPostings: {
        totalCount: count,
        pageInfo: { hasNextPage: page.length > v.first, endCursor: last ? cursor('JobPosting', 'datePosted:DESC,id:ASC', [last.datePosted, last.id]) : null },
        nodes: nodes.map((n) => {
          const employer = employers.get(n.employerId);
          const program = n.programId == null ? null : programs.get(n.programId);
          return {
            id: id('JobPosting', n.id),
            title: n.title,
            datePosted: n.datePosted,
            city: n.city,
            payMinCents: n.payMinCents,
            payMaxCents: n.payMaxCents,
            certificationRequirement: n.certificationRequirement,
            employer: { id: id('Employer', employer.id), name: employer.name },
            program: program ? { kind: program.kind, name: program.name } : null,
          };
        }),
      },
    },
  };
}

/** ExpiringCertifications: one credential's certifications in a state and status expiring before a day, with current employers. */
async function expiringCertifications(v: { jurisdiction: string; credential: string; status: string; before: string; first: number }) {
  const where = `t."status" = $1 and t."expires_on" < $2 and exists (select 1 from "credential_type" f1 where f1.id = t."credential_type_id" and f1."code" = $3) and exists (select 1 from "jurisdiction" f2 where f2.id = t."jurisdiction_id" and f2."code" = $4)`;
  const params = [v.status, v.before, v.credential, v.jurisdiction];
  const [page, [{ count }]] = await Promise.all([
    rows(`select ${CERTIFICATION} from "certification" t where true and ${where} order by t."expires_on" asc, t."id" asc limit $5`, [...params, v.first + 1]),
    rows(`select count(*)::int as count from "certification" t where true and ${where}`, params),
  ]);
  const nodes = page.slice(0, v.first);
  const personKeys = [...new Set(nodes.map((n) => n.personId))];
  const [people, employments] = await Promise.all([
    rows(`select ${PERSON} from "peer_specialist" t where t.id = any($1::int[])`, [arrayOf(personKeys)]).then(byId),
    rows(
      `select page.* from unnest($1::int[]) as parent(key) cross join lateral ( select ${EMPLOYMENT} from "employment" t where t."person_id" = parent.key and t."ended_on" is null order by t."id" asc limit $2) page`,
      [arrayOf(personKeys), 6],
    ),
  ]);
  const jobsOf = new Map<number, any[]>();
  for (const job of employments) jobsOf.set(job.personId, [...(jobsOf.get(job.personId) ?? []), job]);
  const firstJobs = (key: number) => (jobsOf.get(key) ?? []).slice(0, 5);
  const employerKeys = [...new Set(personKeys.flatMap((k) => firstJobs(k).map((j) => j.employerId)))];
  const employers = await rows(`select ${EMPLOYER} from "employer" t where t.id = any($1::int[])`, [arrayOf(employerKeys)]).then(byId);
  const last = nodes.at(-1);
  return {
    data: {
      certifications: {
        totalCount: count,
        pageInfo: { hasNextPage: page.length > v.first, endCursor: last ? cursor('Certification', 'expiresOn:ASC,id:ASC', [last.expiresOn, last.id]) : null },
        nodes: nodes.map((n) => {
          const person = people.get(n.personId);
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
                nodes: firstJobs(person.id).map((job) => {
                  const employer = employers.get(job.employerId);
                  return { title: job.title, employer: { id: id('Employer', employer.id), name: employer.name } };
                }),
              },
            },
          };
        }),
      },
    },
  };
}

/** EmployersOpenPostings: a state's employers with how many postings each has open. */
async function employersOpenPostings(v: { jurisdiction: string; first: number }) {
  const where = `exists (select 1 from "jurisdiction" f1 where f1.id = t."jurisdiction_id" and f1."code" = $1)`;
  const [page, [{ count }]] = await Promise.all([
    rows(`select ${EMPLOYER} from "employer" t where true and ${where} order by t."id" asc limit $2`, [v.jurisdiction, v.first + 1]),
    rows(`select count(*)::int as count from "employer" t where true and ${where}`, [v.jurisdiction]),
  ]);
  const nodes = page.slice(0, v.first);
  const keys = arrayOf(nodes.map((n) => n.id));
  const counts = new Map(
    (await rows(`select t."employer_id" as key, count(*)::int as count from "job_posting" t where t."employer_id" = any($1::int[]) and t."status" = $2 group by t."employer_id"`, [keys, 'OPEN'])).map(
      (r) => [r.key, r.count],
    ),
  );
  const last = nodes.at(-1);
  return {
    data: {
      employers: {
        totalCount: count,
        pageInfo: { hasNextPage: page.length > v.first, endCursor: last ? cursor('Employer', 'id:ASC', [last.id]) : null },
        nodes: nodes.map((n) => ({ id: id('Employer', n.id), name: n.name, city: n.city, kind: n.kind, openPostings: { totalCount: counts.get(n.id) ?? 0 } })),
      },
    },
  };
}

export const handlers: Record<string, (variables: any) => Promise<unknown>> = {
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
