/**
 * Grouped aggregates of certifications and job postings: certificationStats and jobPostingStats. Each is a declaration
 * for the one engine (stats-sql.ts builds the statement, stats-schema.ts the GraphQL types and resolver); SQL here is
 * written on the aggregated row aliased `t`.
 */
import { Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { Certification, CredentialType } from '../credentials/entities';
import { CertificationStatus, CredentialCategory } from '../credentials/enums';
import { Employer, ServiceProgram } from '../employers/entities';
import { EmploymentRole, EmploymentType, ServiceProgramKind } from '../employers/enums';
import { JobPosting } from '../jobs/entities';
import { hourlyPayCentsSql } from '../jobs/pay';
import { CertificationRequirement, JobPostingStatus, PayUnit } from '../jobs/enums';
import { Jurisdiction } from '../jurisdictions/entities';
import { statsResolver } from './stats-schema';
import type { GroupKeySpec, StatsDeclaration } from './stats-sql';

export { StatsOrder } from './stats-sql';

/** The first day of the month of a date column, as YYYY-MM-DD text. */
function monthKey(field: string, column: string, description: string): GroupKeySpec {
  return { field, type: () => DateScalar, sql: `to_char(t."${column}"::timestamp, 'YYYY-MM') || '-01'`, description, published: true };
}

function yearKey(field: string, column: string, description: string): GroupKeySpec {
  return { field, type: () => Int, sql: `extract(year from t."${column}")::int`, description, published: true };
}

export const certificationStatsDeclaration: StatsDeclaration = {
  type: Certification,
  query: 'certificationStats',
  row: 'certification',
  rows: 'certifications',
  table: 'certification',
  jurisdiction: 't."jurisdiction_id"',
  joins: { credentialType: 'join "credential_type" ct on ct.id = t."credential_type_id"' },
  keys: {
    JURISDICTION: { field: 'jurisdiction', type: () => Jurisdiction, entity: true, sql: 't."jurisdiction_id"', description: 'The jurisdiction that issued the certification.', published: true },
    CREDENTIAL_TYPE: { field: 'credentialType', type: () => CredentialType, entity: true, sql: 't."credential_type_id"', description: 'The credential held.', published: true },
    CREDENTIAL_CATEGORY: {
      field: 'credentialCategory',
      type: () => CredentialCategory,
      sql: 'ct."category"',
      joins: ['credentialType'],
      description: "The category of the credential held (its credential type's category).",
      published: true,
    },
    STATUS: { field: 'status', type: () => CertificationStatus, sql: '', dated: 'status', description: 'The status of the certification today, as Certification.status reads it.', published: true },
    ISSUED_MONTH: monthKey('issuedMonth', 'issued_on', 'The month the current cycle was issued (issuedOn), as its first day.'),
    ISSUED_YEAR: yearKey('issuedYear', 'issued_on', 'The year the current cycle was issued (issuedOn).'),
    FIRST_ISSUED_YEAR: yearKey('firstIssuedYear', 'first_issued_on', 'The year the certification was first issued (firstIssuedOn).'),
    EXPIRES_MONTH: monthKey('expiresMonth', 'expires_on', 'The month the certification expires (expiresOn), as its first day.'),
  },
  filterDimensions: {
    jurisdiction: { kind: 'row' },
    credentialType: { kind: 'row' },
    status: { kind: 'value' },
    issuedOn: { kind: 'month' },
    expiresOn: { kind: 'month' },
    firstIssuedOn: { kind: 'month' },
  },
  numeric: [{ field: 'extensionsUsed', means: 'the extensions of the provisional period used.', sql: 't."extensions_used"::float8' }],
  dates: [
    { field: 'issuedOn', means: 'the start of the current cycle.', sql: 't."issued_on"' },
    { field: 'expiresOn', means: 'the day the certification expires.', sql: 't."expires_on"' },
    { field: 'firstIssuedOn', means: 'the day the certification was first issued.', sql: 't."first_issued_on"' },
  ],
};

export const jobPostingStatsDeclaration: StatsDeclaration = {
  type: JobPosting,
  query: 'jobPostingStats',
  row: 'job posting',
  rows: 'job postings',
  table: 'job_posting',
  jurisdiction: 't."jurisdiction_id"',
  joins: { program: 'left join "service_program" sp on sp.id = t."program_id"' },
  keys: {
    JURISDICTION: { field: 'jurisdiction', type: () => Jurisdiction, entity: true, sql: 't."jurisdiction_id"', description: 'The state the job is in.', published: true },
    EMPLOYER: { field: 'employer', type: () => Employer, entity: true, sql: 't."employer_id"', description: 'The employer advertising the job.' },
    PROGRAM: { field: 'program', type: () => ServiceProgram, entity: true, sql: 't."program_id"', description: 'The service program the job is in (null: none named).' },
    PROGRAM_KIND: {
      field: 'programKind',
      type: () => ServiceProgramKind,
      sql: 'sp."kind"',
      joins: ['program'],
      description: 'The kind of the service program the job is in (ACT, ARMHS...; null: no program named).',
      published: true,
    },
    EMPLOYMENT_TYPE: { field: 'employmentType', type: () => EmploymentType, sql: 't."employment_type"', description: 'Full time, part time, per diem...' },
    ROLE: { field: 'role', type: () => EmploymentRole, sql: 't."role"', description: 'The role of the job.' },
    STATUS: { field: 'status', type: () => JobPostingStatus, sql: '', dated: 'status', description: 'The status of the posting today, as JobPosting.status reads it.', published: true },
    CERTIFICATION_REQUIREMENT: {
      field: 'certificationRequirement',
      type: () => CertificationRequirement,
      sql: 't."certification_requirement"',
      description: 'Whether the job requires a peer credential, prefers one, or accepts a candidate who will obtain it.',
    },
    PAY_UNIT: { field: 'payUnit', type: () => PayUnit, sql: 't."pay_unit"', description: 'The unit the pay range is given in.' },
    CITY: { field: 'city', type: () => String, sql: 't."city"', description: 'The city of the job, as the posting writes it.' },
    REMOTE: { field: 'remote', type: () => Boolean, sql: 't."remote"', description: 'Whether the job is remote.' },
    POSTED_MONTH: monthKey('postedMonth', 'date_posted', 'The month the posting was published (datePosted), as its first day; null for drafts.'),
  },
  filterDimensions: {
    jurisdiction: { kind: 'row' },
    status: { kind: 'value' },
    datePosted: { kind: 'month' },
    program: { kind: 'row', only: ['kind'] },
    acceptedCredentialTypes: { kind: 'row' },
  },
  // OPEN as read today is exactly what PUBLIC_ROWS lets anyone list (liveOpenPostingSql)
  openRows: { field: 'status', values: [JobPostingStatus.OPEN] },
  numeric: [
    { field: 'payMinCents', means: 'the lowest pay in cents per payUnit, as posted, whatever the unit (group by PAY_UNIT, or use hourlyPayCents, to compare like with like).', sql: 't."pay_min_cents"::float8' },
    { field: 'payMaxCents', means: 'the highest pay in cents per payUnit, as posted, whatever the unit (group by PAY_UNIT, or use hourlyPayCents, to compare like with like).', sql: 't."pay_max_cents"::float8' },
    { field: 'openings', means: 'the positions the posting offers.', sql: 't."openings"::float8' },
    {
      field: 'hourlyPayCents',
      means:
        'the midpoint of the pay range in cents per hour: (payMinCents + payMaxCents) / 2, as it is for HOUR, divided by 8 for DAY, by 40 for WEEK, by 2,080 for YEAR, and times 12 divided by 2,080 for MONTH.',
      sql: hourlyPayCentsSql('t'),
    },
  ],
  dates: [
    { field: 'datePosted', means: 'the day the posting was published (null for drafts).', sql: 't."date_posted"' },
    { field: 'validThrough', means: 'the last day the posting takes applications.', sql: 't."valid_through"' },
  ],
};

export const CertificationStatsResolver = statsResolver(certificationStatsDeclaration);
export const JobPostingStatsResolver = statsResolver(jobPostingStatsDeclaration);
