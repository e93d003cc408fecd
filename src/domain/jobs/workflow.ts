import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, InputType, Info, Int, Mutation, registerEnumType, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { badInput, conflict, invalidTransition } from '../../errors';
import { toGlobalId } from '../../graphql/global-id';
import type { Row } from '../../graphql/loaders';
import { keyArgument, mutate, noSuch, requireRole, type MutationTx } from '../../graphql/mutation';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { intArray, quoteIdent, textArray } from '../../sql/runner';
import { languagesArgument, MAX_LANGUAGES } from '../../graphql/languages';
import { httpUrlArgument } from '../../graphql/urls';
import { EmploymentRole, EmploymentType } from '../employers/enums';
import { JobPosting } from './entities';
import { CertificationRequirement, JobPostingStatus as Status, PayUnit } from './enums';
import { postingStatusAsRead } from './status';

const POSTING = JobPosting.name;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 20_000;
const MAX_CITY = 100;
const MAX_OPENINGS = 1000;
const MAX_CREDENTIAL_TYPES = 50;
/** A US ZIP code, or ZIP+4: what the job_posting.postal_code column (10 characters) holds. */
const POSTAL_CODE = /^\d{5}(-\d{4})?$/;

/** Editable in these statuses; EXPIRED is an OPEN posting past its validThrough, which a new validThrough reopens. */
const EDITABLE = [Status.DRAFT, Status.OPEN, Status.PAUSED, Status.EXPIRED] as const;
const PUBLISHABLE = [Status.DRAFT, Status.PAUSED] as const;
const PAUSABLE = [Status.OPEN] as const;

export enum JobPostingOutcome {
  FILLED = 'FILLED',
  CLOSED = 'CLOSED',
}
registerEnumType(JobPostingOutcome, {
  name: 'JobPostingOutcome',
  description: 'How a posting ends: FILLED (someone was hired) or CLOSED (withdrawn without hiring).',
  valuesConfig: {
    FILLED: { description: 'Someone was hired: from OPEN, PAUSED or EXPIRED.' },
    CLOSED: { description: 'Withdrawn without hiring: from DRAFT, OPEN, PAUSED or EXPIRED.' },
  },
});

/** Where a posting may be closed from, by outcome: a draft was never advertised, so it can only be CLOSED. */
const CLOSABLE: Record<JobPostingOutcome, readonly Status[]> = {
  [JobPostingOutcome.FILLED]: [Status.OPEN, Status.PAUSED, Status.EXPIRED],
  [JobPostingOutcome.CLOSED]: [Status.DRAFT, Status.OPEN, Status.PAUSED, Status.EXPIRED],
};

const MAX_APPLY_URL = 2000;
const MAX_APPLY_EMAIL = 254;
const APPLY_URL = `Where to apply: an https or http address (at most ${MAX_APPLY_URL} characters). Publishing needs applyUrl or applyEmail.`;
const APPLY_EMAIL = `Where to send an application: an email address (at most ${MAX_APPLY_EMAIL} characters). Publishing needs applyUrl or applyEmail.`;
/**
 * An email address as a browser's type=email field accepts it (the WHATWG pattern), with a dot in its domain: the
 * address a candidate writes to, not every form RFC 5321 allows.
 */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const IDEMPOTENCY_KEY = 'Repeat the call with the same key to get the first result back without writing again.';

@InputType({ description: 'A new job posting, saved as a DRAFT until it is published.' })
export class CreateJobPostingDraftInput {
  @Field(() => ID, { nullable: true, description: 'The employer posting: your own as EMPLOYER (leave it out); required of ADMIN.' })
  employerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A program the employer runs that the job is in.' })
  programId?: string | null;

  @Field(() => String, { description: `1 to ${MAX_TITLE} characters.` })
  title!: string;

  @Field(() => String, { description: `1 to ${MAX_DESCRIPTION} characters.` })
  description!: string;

  @Field(() => EmploymentRole)
  role!: EmploymentRole;

  @Field(() => EmploymentType)
  employmentType!: EmploymentType;

  @Field(() => String, { description: `1 to ${MAX_CITY} characters.` })
  city!: string;

  @Field(() => String, { nullable: true, description: 'A US ZIP code: 12345 or 12345-6789.' })
  postalCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'false when left out.' })
  remote?: boolean | null;

  @Field(() => [String], { nullable: true, description: `Languages the job is done in, BCP 47 tags such as "en", "es" or "es-MX" (at most ${MAX_LANGUAGES}); none when left out.` })
  languages?: string[] | null;

  @Field(() => Int, { description: 'Lowest pay in cents per payUnit, 0 or more.' })
  payMinCents!: number;

  @Field(() => Int, { description: 'Highest pay in cents per payUnit, at least payMinCents.' })
  payMaxCents!: number;

  @Field(() => PayUnit)
  payUnit!: PayUnit;

  @Field(() => CertificationRequirement)
  certificationRequirement!: CertificationRequirement;

  @Field(() => Boolean, { nullable: true, description: 'false when left out.' })
  supervisionProvided?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'false when left out.' })
  countsTowardInternshipHours?: boolean | null;

  @Field(() => Int, { nullable: true, description: `1 to ${MAX_OPENINGS}; 1 when left out.` })
  openings?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'The last day the posting is advertised: after today (UTC). Needed to publish.' })
  validThrough?: string | null;

  @Field(() => [ID], { nullable: true, description: `Credential types of the employer's state the job accepts (at most ${MAX_CREDENTIAL_TYPES}).` })
  acceptedCredentialTypeIds?: string[] | null;

  @Field(() => String, { nullable: true, description: APPLY_URL })
  applyUrl?: string | null;

  @Field(() => String, { nullable: true, description: APPLY_EMAIL })
  applyEmail?: string | null;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'Changes to a job posting: only the fields given change; null clears programId, postalCode or validThrough, and acceptedCredentialTypeIds replaces the list ([] or null empties it).',
})
export class UpdateJobPostingInput {
  @Field(() => ID, { nullable: true, description: 'A program the employer runs; null: none.' })
  programId?: string | null;

  @Field(() => String, { nullable: true, description: `1 to ${MAX_TITLE} characters.` })
  title?: string | null;

  @Field(() => String, { nullable: true, description: `1 to ${MAX_DESCRIPTION} characters.` })
  description?: string | null;

  @Field(() => EmploymentRole, { nullable: true })
  role?: EmploymentRole | null;

  @Field(() => EmploymentType, { nullable: true })
  employmentType?: EmploymentType | null;

  @Field(() => String, { nullable: true, description: `1 to ${MAX_CITY} characters.` })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'A US ZIP code: 12345 or 12345-6789; null: none.' })
  postalCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  remote?: boolean | null;

  @Field(() => [String], { nullable: true, description: `Replaces the languages: BCP 47 tags such as "en" or "es" (at most ${MAX_LANGUAGES}); [] or null empties it.` })
  languages?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Lowest pay in cents per payUnit, 0 or more, at most payMaxCents.' })
  payMinCents?: number | null;

  @Field(() => Int, { nullable: true, description: 'Highest pay in cents per payUnit, at least payMinCents.' })
  payMaxCents?: number | null;

  @Field(() => PayUnit, { nullable: true })
  payUnit?: PayUnit | null;

  @Field(() => CertificationRequirement, { nullable: true })
  certificationRequirement?: CertificationRequirement | null;

  @Field(() => Boolean, { nullable: true })
  supervisionProvided?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  countsTowardInternshipHours?: boolean | null;

  @Field(() => Int, { nullable: true, description: `1 to ${MAX_OPENINGS}.` })
  openings?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'After today (UTC); an OPEN posting must keep one. null: none (not on an OPEN posting).' })
  validThrough?: string | null;

  @Field(() => [ID], { nullable: true, description: `Replaces the accepted credential types: of the employer's state, at most ${MAX_CREDENTIAL_TYPES}.` })
  acceptedCredentialTypeIds?: string[] | null;

  @Field(() => String, { nullable: true, description: `${APPLY_URL} null: none (an OPEN posting keeps applyUrl or applyEmail).` })
  applyUrl?: string | null;

  @Field(() => String, { nullable: true, description: `${APPLY_EMAIL} null: none (an OPEN posting keeps applyUrl or applyEmail).` })
  applyEmail?: string | null;
}

/** The editable fields of a posting, as both inputs name them. */
type PostingFields = Omit<UpdateJobPostingInput, never>;

/** The scalar fields, written to the column of the same property. */
const SCALAR_FIELDS = [
  'title', 'description', 'role', 'employmentType', 'city', 'postalCode', 'remote', 'payMinCents', 'payMaxCents', 'payUnit',
  'certificationRequirement', 'supervisionProvided', 'countsTowardInternshipHours', 'openings', 'validThrough', 'applyUrl', 'applyEmail', 'languages',
] as const satisfies readonly (keyof PostingFields)[];
/** Fields null clears; the others refuse null in an update (in a create, null leaves the default). */
const CLEARABLE = new Set<keyof PostingFields>(['programId', 'postalCode', 'validThrough', 'acceptedCredentialTypeIds', 'applyUrl', 'applyEmail', 'languages']);

/** A credential type named in input.acceptedCredentialTypeIds, with its place in the list. */
interface NamedCredentialType {
  key: number;
  id: string;
  argument: string;
}

/** The input, checked field by field: the values to write by property, the program and the accepted credential types. */
interface CheckedFields {
  values: Map<string, unknown>;
  /** undefined: unchanged; null: none. */
  program?: { key: number; id: string } | null;
  /** undefined: unchanged. */
  credentialTypes?: NamedCredentialType[];
}

function text(value: string, argument: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > max) {
    throw badInput(`${argument} must be 1 to ${max} characters${trimmed ? `; got ${trimmed.length}` : ''}`, { argument, limit: max });
  }
  return trimmed;
}

/** An http or https address (at most MAX_APPLY_URL characters), as given (trimmed); else BAD_USER_INPUT at `argument`. */
export function applyUrlValue(value: string, argument: string): string {
  return httpUrlArgument(value, argument, MAX_APPLY_URL, 'https://example.org/jobs/42');
}

/** An email address (EMAIL), as given (trimmed); else BAD_USER_INPUT at `argument`. */
export function applyEmailValue(value: string, argument: string): string {
  const trimmed = value.trim();
  if (trimmed.length > MAX_APPLY_EMAIL || !EMAIL.test(trimmed)) {
    throw badInput(`${argument} must be an email address, such as jobs@example.org; got "${trimmed.slice(0, 40)}"`, { argument, limit: MAX_APPLY_EMAIL });
  }
  return trimmed;
}

function afterToday(day: string, argument: string): string {
  const today = todayUtc();
  if (day <= today) throw badInput(`${argument} must be after today (${today}, UTC); got ${day}`, { argument });
  return day;
}

/** Each given field valid on its own, or BAD_USER_INPUT at its path. `creating`: null means "the default". */
function checkFields(input: PostingFields, creating: boolean): CheckedFields {
  const checked: CheckedFields = { values: new Map() };
  const at = (field: string) => `input.${field}`;
  for (const field of [...SCALAR_FIELDS, 'programId', 'acceptedCredentialTypeIds'] as const) {
    if (input[field] === null && !creating && !CLEARABLE.has(field)) throw badInput(`${at(field)} cannot be cleared: leave it out to keep it`, { argument: at(field) });
  }
  const set = (field: (typeof SCALAR_FIELDS)[number], value: unknown) => checked.values.set(field, value);
  if (input.title != null) set('title', text(input.title, at('title'), MAX_TITLE));
  if (input.description != null) set('description', text(input.description, at('description'), MAX_DESCRIPTION));
  if (input.city != null) set('city', text(input.city, at('city'), MAX_CITY));
  if (input.postalCode !== undefined && (input.postalCode !== null || !creating)) {
    const code = input.postalCode?.trim() ?? null;
    if (code !== null && !POSTAL_CODE.test(code)) throw badInput(`${at('postalCode')} must be a US ZIP code, 12345 or 12345-6789; got "${code.slice(0, 20)}"`, { argument: at('postalCode') });
    // kept as the 5-digit code that distance search and the postalCode filter compare (ZIP+4 adds nothing there)
    set('postalCode', code === null ? null : code.slice(0, 5));
  }
  if (input.languages !== undefined && (input.languages !== null || !creating)) {
    // canonical case, each once: the column's check and its GIN index read them so
    set('languages', textArray(languagesArgument(input.languages ?? [], at('languages'))));
  }
  for (const field of ['payMinCents', 'payMaxCents'] as const) {
    const cents = input[field];
    if (cents == null) continue;
    if (!Number.isSafeInteger(cents) || cents < 0) throw badInput(`${at(field)} must be 0 or more`, { argument: at(field) });
    set(field, cents);
  }
  if (input.payMinCents != null && input.payMaxCents != null && input.payMinCents > input.payMaxCents) {
    throw badInput(`${at('payMaxCents')} (${input.payMaxCents}) is below payMinCents (${input.payMinCents})`, { argument: at('payMaxCents') });
  }
  if (input.openings != null) {
    if (!Number.isSafeInteger(input.openings) || input.openings < 1 || input.openings > MAX_OPENINGS) {
      throw badInput(`${at('openings')} must be 1 to ${MAX_OPENINGS}; got ${input.openings}`, { argument: at('openings'), limit: MAX_OPENINGS });
    }
    set('openings', input.openings);
  }
  if (input.validThrough !== undefined && (input.validThrough !== null || !creating)) {
    set('validThrough', input.validThrough === null ? null : afterToday(input.validThrough, at('validThrough')));
  }
  if (input.applyUrl !== undefined && (input.applyUrl !== null || !creating)) {
    set('applyUrl', input.applyUrl === null ? null : applyUrlValue(input.applyUrl, at('applyUrl')));
  }
  if (input.applyEmail !== undefined && (input.applyEmail !== null || !creating)) {
    set('applyEmail', input.applyEmail === null ? null : applyEmailValue(input.applyEmail, at('applyEmail')));
  }
  for (const field of ['role', 'employmentType', 'payUnit', 'certificationRequirement', 'remote', 'supervisionProvided', 'countsTowardInternshipHours'] as const) {
    if (input[field] != null) set(field, input[field]);
  }
  if (input.programId !== undefined && (input.programId !== null || !creating)) {
    checked.program = input.programId === null ? null : { key: keyArgument(input.programId, 'ServiceProgram', at('programId')), id: input.programId };
  }
  const credentialTypes = input.acceptedCredentialTypeIds;
  if (credentialTypes !== undefined && (credentialTypes !== null || !creating)) {
    const list = credentialTypes ?? [];
    if (list.length > MAX_CREDENTIAL_TYPES) {
      throw badInput(`${at('acceptedCredentialTypeIds')} may hold at most ${MAX_CREDENTIAL_TYPES} credential types; got ${list.length}`, {
        argument: at('acceptedCredentialTypeIds'),
        limit: MAX_CREDENTIAL_TYPES,
        value: list.length,
      });
    }
    const seen = new Set<number>();
    checked.credentialTypes = list.map((id, i) => {
      const argument = `${at('acceptedCredentialTypeIds')}[${i}]`;
      const key = keyArgument(id, 'CredentialType', argument);
      if (seen.has(key)) throw badInput(`${argument}: credential type ${id} is already in the list`, { argument });
      seen.add(key);
      return { key, id, argument };
    });
  }
  return checked;
}

function isEmpty(checked: CheckedFields): boolean {
  return checked.values.size === 0 && checked.program === undefined && checked.credentialTypes === undefined;
}

interface PostingRow {
  id: number;
  employer_id: number;
  program_id: number | null;
  jurisdiction_id: number;
  status: Status;
  pay_min_cents: number;
  pay_max_cents: number;
  valid_through: string | null;
  date_posted: string | null;
  apply_url: string | null;
  apply_email: string | null;
}

/** The accepted credential types of the posting aliased `alias`, in key order (JSON). */
const acceptedSql = (alias: string) =>
  `(select coalesce(json_agg(a."credential_type_id" order by a."credential_type_id"), '[]'::json) from "job_posting_accepted_credential_type" a where a."job_posting_id" = ${alias}.id)`;

/**
 * The audit record of a change of the posting, as MutationTx.audit writes it, with the accepted credential types
 * (rows of their own table) in the row before and after as accepted_credential_type_ids, so that a change of the
 * list is recorded like a change of a column.
 */
async function auditPosting(tx: MutationTx, ctx: HubContext, key: number, before: Record<string, unknown> | null, jurisdictionId: number): Promise<void> {
  const { viewer, requestId } = ctx;
  await tx.rows(
    `insert into "audit_record" ("subject", "role", "action", "entity_type", "entity_key", "jurisdiction_id", "before", "after", "request_id")
     select ?, ?, ?, ?, ?, ?, ?::json, (select (to_jsonb(r) || jsonb_build_object('accepted_credential_type_ids', ${acceptedSql('r')}))::json from "job_posting" r where r.id = ?), ?`,
    [viewer.subject, viewer.role, tx.action, POSTING, key, jurisdictionId, before === null ? null : JSON.stringify(before), key, requestId],
  );
}

/**
 * The posting, locked, as the caller may change it: an EMPLOYER only its own (another employer's, even an open one
 * anyone may read, is no such posting), ADMIN any. `before` is the row with its accepted credential types.
 */
async function lockPosting(tx: MutationTx, ctx: HubContext, id: string): Promise<{ posting: PostingRow; before: Record<string, unknown>; status: Status }> {
  const row = await tx.named(POSTING, id, 'id', { mayChange: (posting) => ctx.viewer.role !== Role.EMPLOYER || posting.employer_id === ctx.viewer.employerId });
  const posting = row as unknown as PostingRow;
  const { accepted } = (await tx.one<{ accepted: number[] }>(`select ${acceptedSql('p')} as accepted from "job_posting" p where p.id = ?`, [posting.id]))!;
  return { posting, before: { ...row, accepted_credential_type_ids: accepted }, status: postingStatusAsRead(posting.status, posting.valid_through) };
}

function requireStatus(status: Status, id: string, change: string, allowed: readonly Status[]): void {
  if (!allowed.includes(status)) throw invalidTransition(`job posting ${id}`, 'postings', change, status, allowed);
}

/** Why the program is not one the employer runs (another employer's, none such, or no longer active), or null. */
async function programProblem(tx: MutationTx, programKey: number, employerKey: number, programId: string): Promise<string | null> {
  const found = await tx.one<{ employer_id: number; active: boolean }>(`select "employer_id", "active" from "service_program" where id = ?`, [programKey]);
  if (!found || found.employer_id !== employerKey) return `the employer runs no program ${programId}`;
  if (!found.active) return `program ${programId} is no longer active: the employer does not run it now`;
  return null;
}

/** The program is one the employer runs, or BAD_USER_INPUT at input.programId (a program of another reads as none). */
async function checkProgram(tx: MutationTx, program: { key: number; id: string }, employerKey: number): Promise<void> {
  const found = await tx.named<{ employer_id: number; active: boolean }>('ServiceProgram', program.id, 'input.programId', {
    lock: false,
    mayChange: (row) => row.employer_id === employerKey,
  });
  if (!found.active) throw badInput(`input.programId: program ${program.id} is no longer active: the employer does not run it now`, { argument: 'input.programId' });
}

/** Each credential type exists and is of the posting's state, or BAD_USER_INPUT at its place in the list. */
async function checkCredentialTypes(tx: MutationTx, types: readonly NamedCredentialType[], jurisdictionId: number): Promise<void> {
  if (!types.length) return;
  const rows = await tx.rows<{ id: number; jurisdiction_id: number; code: string }>(
    `select ct.id, ct."jurisdiction_id", j."code" from "credential_type" ct join "jurisdiction" j on j.id = ct."jurisdiction_id" where ct.id = any(?::int[])`,
    [intArray(types.map((t) => t.key))],
  );
  const byKey = new Map(rows.map((r) => [r.id, r]));
  const state = await tx.one<{ code: string }>(`select "code" from "jurisdiction" where id = ?`, [jurisdictionId]);
  for (const type of types) {
    const found = byKey.get(type.key);
    if (!found) throw noSuch('CredentialType', type.id, type.argument);
    if (found.jurisdiction_id !== jurisdictionId) {
      throw badInput(`${type.argument}: credential type ${type.id} is issued in ${found.code}, not in ${state?.code}, the state of the job`, { argument: type.argument });
    }
  }
}

async function replaceCredentialTypes(tx: MutationTx, postingKey: number, types: readonly NamedCredentialType[], replacing: boolean): Promise<void> {
  if (replacing) await tx.rows(`delete from "job_posting_accepted_credential_type" where "job_posting_id" = ?`, [postingKey]);
  if (!types.length) return;
  await tx.rows(`insert into "job_posting_accepted_credential_type" ("job_posting_id", "credential_type_id") select ?, unnest(?::int[])`, [
    postingKey,
    intArray(types.map((t) => t.key)),
  ]);
}

@Resolver()
export class JobPostingWorkflowResolver {
  @Mutation(() => JobPosting, {
    description:
      'Start a job posting as a DRAFT (EMPLOYER for itself, ADMIN naming the employer): in the employer\'s state, in a program it runs if any, accepting credential types of that state. Not advertised until published.',
  })
  createJobPostingDraft(
    @Arg('input', () => CreateJobPostingDraftInput) input: CreateJobPostingDraftInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    const action = 'createJobPostingDraft';
    requireRole(ctx, action, [Role.EMPLOYER, Role.ADMIN]);
    let employerKey: number;
    if (ctx.viewer.role === Role.EMPLOYER) {
      employerKey = ctx.viewer.employerId!;
      if (input.employerId != null && keyArgument(input.employerId, 'Employer', 'input.employerId') !== employerKey) {
        throw badInput('input.employerId: an employer posts for itself; leave employerId out', { argument: 'input.employerId' });
      }
    } else {
      if (input.employerId == null) throw badInput('input.employerId is required of ADMIN', { argument: 'input.employerId' });
      employerKey = keyArgument(input.employerId, 'Employer', 'input.employerId');
    }
    const checked = checkFields(input, true);
    return mutate(ctx, info, { action, resultType: POSTING, idempotencyKey: input.idempotencyKey }, async (tx) => {
      const employer = await tx.named<{ id: number; jurisdiction_id: number }>('Employer', input.employerId ?? toGlobalId('Employer', employerKey), 'input.employerId', { lock: false });
      if (checked.program) await checkProgram(tx, checked.program, employerKey);
      if (checked.credentialTypes) await checkCredentialTypes(tx, checked.credentialTypes, employer.jurisdiction_id);
      const columns = ctx.loaders.catalog.get(POSTING).rowColumns;
      const values = new Map<string, unknown>([...checked.values, ['employerId', employerKey], ['jurisdictionId', employer.jurisdiction_id], ['status', Status.DRAFT]]);
      if (checked.program) values.set('programId', checked.program.key);
      const names = [...values.keys()].map((property) => quoteIdent(columns.get(property)!));
      const [{ id }] = await tx.rows<{ id: number }>(
        `insert into "job_posting" (${names.join(', ')}) values (${names.map(() => '?').join(', ')}) returning id`,
        [...values.values()],
      );
      if (checked.credentialTypes) await replaceCredentialTypes(tx, id, checked.credentialTypes, false);
      await auditPosting(tx, ctx, id, null, employer.jurisdiction_id);
      return id;
    });
  }

  @Mutation(() => JobPosting, {
    description:
      'Change a DRAFT, OPEN, PAUSED or EXPIRED posting (EMPLOYER its own, or ADMIN): only the fields given. An OPEN posting stays publishable (validThrough after today, pay in order, its program the employer\'s, applyUrl or applyEmail); an EXPIRED one is reopened by a validThrough after today.',
  })
  updateJobPosting(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateJobPostingInput) input: UpdateJobPostingInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    const action = 'updateJobPosting';
    requireRole(ctx, action, [Role.EMPLOYER, Role.ADMIN]);
    const checked = checkFields(input, false);
    if (isEmpty(checked)) throw badInput('input is empty: give at least one field to change', { argument: 'input' });
    return mutate(ctx, info, { action, resultType: POSTING }, async (tx) => {
      const { posting, before, status } = await lockPosting(tx, ctx, id);
      requireStatus(status, id, 'edited', EDITABLE);
      const payMin = (checked.values.get('payMinCents') as number | undefined) ?? posting.pay_min_cents;
      const payMax = (checked.values.get('payMaxCents') as number | undefined) ?? posting.pay_max_cents;
      if (payMin > payMax) {
        const argument = checked.values.has('payMaxCents') ? 'input.payMaxCents' : 'input.payMinCents';
        throw badInput(`${argument}: payMinCents (${payMin}) would be above payMaxCents (${payMax})`, { argument });
      }
      if (checked.program) await checkProgram(tx, checked.program, posting.employer_id);
      if (posting.status === Status.OPEN) {
        // an OPEN posting stays publishable
        if (checked.program === undefined && posting.program_id !== null) {
          const problem = await programProblem(tx, posting.program_id, posting.employer_id, toGlobalId('ServiceProgram', posting.program_id));
          if (problem) throw badInput(`input.programId is needed: job posting ${id} is OPEN and ${problem}; give another programId, or null`, { argument: 'input.programId' });
        }
        const contact = (property: 'applyUrl' | 'applyEmail', column: 'apply_url' | 'apply_email') =>
          checked.values.has(property) ? checked.values.get(property) : posting[column];
        if (contact('applyUrl', 'apply_url') == null && contact('applyEmail', 'apply_email') == null) {
          // clearing the last contact, or changing a posting published before contacts were required without adding one
          const clearing = checked.values.get('applyUrl') === null || checked.values.get('applyEmail') === null;
          const argument = checked.values.get('applyEmail') === null ? 'input.applyEmail' : 'input.applyUrl';
          throw badInput(
            clearing
              ? `${argument}: job posting ${id} is OPEN and keeps applyUrl or applyEmail, so that candidates can apply; pause it first to clear both`
              : `input.applyUrl is needed: job posting ${id} is OPEN without applyUrl or applyEmail; give one with the change`,
            { argument: clearing ? argument : 'input.applyUrl' },
          );
        }
        if (checked.values.get('validThrough') === null) {
          throw badInput('input.validThrough: an OPEN posting keeps a valid-through date; pause it first to clear it', { argument: 'input.validThrough' });
        }
        if (!checked.values.has('validThrough') && (posting.valid_through === null || posting.valid_through <= todayUtc())) {
          throw badInput(`input.validThrough is needed: job posting ${id} is OPEN and valid through ${posting.valid_through ?? 'no date'}; give a day after today (${todayUtc()}, UTC) with the change`, {
            argument: 'input.validThrough',
          });
        }
      }
      if (checked.credentialTypes) await checkCredentialTypes(tx, checked.credentialTypes, posting.jurisdiction_id);
      const columns = ctx.loaders.catalog.get(POSTING).rowColumns;
      const values = new Map(checked.values);
      if (checked.program !== undefined) values.set('programId', checked.program?.key ?? null);
      const set = [...values.keys()].map((property) => `${quoteIdent(columns.get(property)!)} = ?`);
      await tx.rows(`update "job_posting" set ${[...set, '"updated_at" = now()'].join(', ')} where id = ?`, [...values.values(), posting.id]);
      if (checked.credentialTypes) await replaceCredentialTypes(tx, posting.id, checked.credentialTypes, true);
      await auditPosting(tx, ctx, posting.id, before, posting.jurisdiction_id);
      return posting.id;
    });
  }

  @Mutation(() => JobPosting, {
    description:
      'Advertise a DRAFT or PAUSED posting: OPEN (EMPLOYER its own, or ADMIN). CONFLICT (extensions.field) unless its pay is in order, its validThrough after today (UTC) and its program, if any, the employer\'s; BAD_USER_INPUT (extensions.missing) unless it has an applyUrl or an applyEmail. datePosted is the day it was first published.',
  })
  publishJobPosting(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    const action = 'publishJobPosting';
    requireRole(ctx, action, [Role.EMPLOYER, Role.ADMIN]);
    return mutate(ctx, info, { action, resultType: POSTING }, async (tx) => {
      const { posting, before, status } = await lockPosting(tx, ctx, id);
      requireStatus(status, id, 'published', PUBLISHABLE);
      const today = todayUtc();
      if (posting.pay_min_cents > posting.pay_max_cents) {
        throw conflict(`job posting ${id} pays from ${posting.pay_min_cents} to ${posting.pay_max_cents}: the lowest pay is above the highest`, undefined, { field: 'payMaxCents' });
      }
      if (posting.valid_through === null) {
        throw conflict(`job posting ${id} has no validThrough: set one after today (${today}) with updateJobPosting, then publish`, undefined, { field: 'validThrough' });
      }
      if (posting.valid_through <= today) {
        throw conflict(`job posting ${id} is valid through ${posting.valid_through}, not after today (${today}): move validThrough with updateJobPosting, then publish`, undefined, {
          field: 'validThrough',
        });
      }
      const problem = posting.program_id === null ? null : await programProblem(tx, posting.program_id, posting.employer_id, toGlobalId('ServiceProgram', posting.program_id));
      if (problem) throw conflict(`job posting ${id}: ${problem}; change or clear programId with updateJobPosting, then publish`, undefined, { field: 'programId' });
      if (posting.apply_url === null && posting.apply_email === null) {
        throw badInput(`id: job posting ${id} has neither applyUrl nor applyEmail: set where candidates apply with updateJobPosting, then publish`, {
          argument: 'id',
          field: 'applyUrl',
          missing: ['applyUrl', 'applyEmail'],
        });
      }
      await tx.rows(`update "job_posting" set "status" = 'OPEN', "date_posted" = coalesce("date_posted", ?::date), "updated_at" = now() where id = ?`, [today, posting.id]);
      await auditPosting(tx, ctx, posting.id, before, posting.jurisdiction_id);
      return posting.id;
    });
  }

  @Mutation(() => JobPosting, { description: 'Stop advertising an OPEN posting for now: PAUSED (EMPLOYER its own, or ADMIN); publish it again to reopen it.' })
  pauseJobPosting(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    const action = 'pauseJobPosting';
    requireRole(ctx, action, [Role.EMPLOYER, Role.ADMIN]);
    return mutate(ctx, info, { action, resultType: POSTING }, async (tx) => {
      const { posting, before, status } = await lockPosting(tx, ctx, id);
      requireStatus(status, id, 'paused', PAUSABLE);
      await tx.rows(`update "job_posting" set "status" = 'PAUSED', "updated_at" = now() where id = ?`, [posting.id]);
      await auditPosting(tx, ctx, posting.id, before, posting.jurisdiction_id);
      return posting.id;
    });
  }

  @Mutation(() => JobPosting, {
    description:
      'End a posting for good (EMPLOYER its own, or ADMIN): FILLED from OPEN, PAUSED or EXPIRED; CLOSED from those or from DRAFT. FILLED and CLOSED are final.',
  })
  closeJobPosting(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => JobPostingOutcome) outcome: JobPostingOutcome,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    const action = 'closeJobPosting';
    requireRole(ctx, action, [Role.EMPLOYER, Role.ADMIN]);
    return mutate(ctx, info, { action, resultType: POSTING }, async (tx) => {
      const { posting, before, status } = await lockPosting(tx, ctx, id);
      requireStatus(status, id, outcome === JobPostingOutcome.FILLED ? 'closed as FILLED' : 'closed as CLOSED', CLOSABLE[outcome]);
      await tx.rows(`update "job_posting" set "status" = ?, "updated_at" = now() where id = ?`, [outcome, posting.id]);
      await auditPosting(tx, ctx, posting.id, before, posting.jurisdiction_id);
      return posting.id;
    });
  }
}
