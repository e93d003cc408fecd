import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, InputType, Info, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { badInput, conflict, invalidTransition } from '../../errors';
import type { Row } from '../../graphql/loaders';
import { actingPerson, mutate, requireRole, type MutationTx } from '../../graphql/mutation';
import { todayLiteral } from '../../graphql/dated';
import { toGlobalId } from '../../graphql/global-id';
import { addDays, todayUtc } from '../../graphql/scalars';
import { Certification, CertificationApplication } from './entities';
import { ApplicationKind as Kind, ApplicationStatus, CertificationStatus as Status } from './enums';
import { addMonths, certificationStatusOfRow, certificationStatusSql, type ProfileRow } from './lifecycle';
import { bound, sql, type Sql } from '../../sql/fragments';

const APPLICATION = CertificationApplication.name;
const CERTIFICATION = Certification.name;
const MAX_REASONS = 10;
const MAX_REASON = 500;

/** Which certifications each kind of application applies to, judged by their status today. */
const APPLIES_TO: Record<Exclude<Kind, Kind.INITIAL | Kind.UPGRADE>, readonly Status[]> = {
  [Kind.RENEWAL]: [Status.ACTIVE, Status.IN_GRACE, Status.LATE_RENEWAL],
  [Kind.REINSTATEMENT]: [Status.EXPIRED],
};

@InputType({ description: 'An application to a certifying body: a first certification, a renewal or a reinstatement.' })
export class SubmitCertificationApplicationInput {
  @Field(() => Kind, { description: 'INITIAL, RENEWAL or REINSTATEMENT (a provisional certification is upgraded with upgradeProvisionalCertification).' })
  kind!: Kind;

  @Field(() => ID, { nullable: true, description: 'INITIAL: the credential applied for.' })
  credentialTypeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'RENEWAL and REINSTATEMENT: the certification renewed or reinstated.' })
  certificationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'INITIAL: who applies; yourself as PEER (leave it out), required of ADMIN.' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'Repeat the call with the same key to get the first result back without writing again.' })
  idempotencyKey?: string | null;
}

interface CertificationRow {
  id: number;
  person_id: number;
  credential_type_id: number;
  jurisdiction_id: number;
  status: Status;
  first_issued_on: string | null;
  full_certified_on: string | null;
  issued_on: string | null;
  expires_on: string | null;
  grace_ends_on: string | null;
  late_renewal_ends_on: string | null;
  extensions_used: number;
  credential_number: string | null;
}

interface ApplicationRow {
  id: number;
  person_id: number;
  credential_type_id: number;
  jurisdiction_id: number;
  certification_id: number | null;
  kind: Kind;
  status: ApplicationStatus;
  submitted_on: string;
}

/**
 * The profile in force on a day for a credential type: the latest version effective on or before it. Read inside the
 * mutation's transaction (profiles.ts reads through the request's pool, which a transaction may hold: PGlite has one).
 */
async function profileInForce(tx: MutationTx, credentialType: number, day: string): Promise<ProfileRow> {
  const profile = await tx.one<ProfileRow>(
    `select * from "requirement_profile" where "credential_type_id" = ? and "effective_from" <= ? order by "effective_from" desc limit 1`,
    [credentialType, day],
  );
  if (!profile) throw conflict(`the credential has no requirement profile in force on ${day}`);
  return profile;
}


async function lockCertification(tx: MutationTx, id: string, argument: string): Promise<{ certification: CertificationRow; before: Record<string, unknown> }> {
  const before = await tx.named(CERTIFICATION, id, argument);
  return { certification: before as unknown as CertificationRow, before };
}

async function lockApplication(tx: MutationTx, id: string): Promise<{ application: ApplicationRow; before: Record<string, unknown> }> {
  const before = await tx.named(APPLICATION, id, 'id');
  return { application: before as unknown as ApplicationRow, before };
}

/** CE hours and ethics hours completed inside the certification's current cycle. */
async function cycleContinuingEducation(tx: MutationTx, certification: CertificationRow): Promise<{ hours: number; ethics: number }> {
  const [totals] = await tx.rows<{ hours: number; ethics: number }>(
    `select coalesce(sum("hours"), 0)::float8 as hours, coalesce(sum("ethics_hours"), 0)::float8 as ethics from "continuing_education_record"
     where "certification_id" = ? and "completed_on" between ? and ?`,
    [certification.id, certification.issued_on, certification.expires_on],
  );
  return totals;
}

/** Approved supervised hours of a provisional certification. */
async function approvedHours(tx: MutationTx, certificationKey: number): Promise<number> {
  const [{ hours }] = await tx.rows<{ hours: number }>(
    `select coalesce(sum("direct_service_hours"), 0)::float8 as hours from "supervised_experience_log" where "certification_id" = ? and "status" = 'APPROVED'`,
    [certificationKey],
  );
  return hours;
}

async function updateCertification(tx: MutationTx, certification: CertificationRow, before: Record<string, unknown>, set: Sql): Promise<void> {
  const update = sql`update "certification" set ${set}, "updated_at" = now() where id = ${bound(certification.id)}`;
  await tx.rows(update.sql, update.bindings);
  await tx.audit(CERTIFICATION, certification.id, before, certification.jurisdiction_id);
}

@Resolver()
export class CertificationWorkflowResolver {
  @Mutation(() => CertificationApplication, {
    description:
      'Apply to a certifying body (PEER for themselves, ADMIN for anyone). INITIAL opens an APPLIED certification of the credential; RENEWAL applies to a certification ACTIVE, IN_GRACE or LATE_RENEWAL today, REINSTATEMENT to an EXPIRED one. The fee and the decision due date come from the requirement profile in force.',
  })
  submitCertificationApplication(
    @Arg('input', () => SubmitCertificationApplicationInput) input: SubmitCertificationApplicationInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'submitCertificationApplication', [Role.PEER, Role.ADMIN]);
    if (input.kind === Kind.UPGRADE) throw badInput('input.kind: a provisional certification is upgraded with upgradeProvisionalCertification', { argument: 'input.kind' });
    const initial = input.kind === Kind.INITIAL;
    if (initial && input.credentialTypeId == null) throw badInput('input.credentialTypeId is required for an INITIAL application', { argument: 'input.credentialTypeId' });
    if (!initial && input.certificationId == null) throw badInput(`input.certificationId is required for a ${input.kind} application`, { argument: 'input.certificationId' });
    return mutate(ctx, info, { action: 'submitCertificationApplication', resultType: APPLICATION, idempotencyKey: input.idempotencyKey }, async (tx) => {
      const today = todayUtc();
      let person: number;
      let credentialType: number;
      let certificationKey: number;
      let jurisdiction: number;
      let fee: number;
      if (initial) {
        const type = await tx.named<{ id: number; jurisdiction_id: number }>('CredentialType', input.credentialTypeId!, 'input.credentialTypeId', { lock: false });
        credentialType = type.id;
        jurisdiction = type.jurisdiction_id;
        person = actingPerson(ctx, input.personId, 'input.personId');
        await tx.named('PeerSpecialist', input.personId ?? toGlobalId('PeerSpecialist', person), 'input.personId');
        const open = await tx.one<{ id: number; status: Status }>(
          `select c.id, ${certificationStatusSql('c', todayLiteral())} as "status" from "certification" c
             where c."person_id" = ? and c."credential_type_id" = ? and c."status" not in ('DENIED', 'CLOSED', 'RELINQUISHED') limit 1`,
          [person, credentialType],
        );
        if (open) throw conflict(`the person already holds or seeks this credential (a ${open.status} certification): renew or reinstate it instead`, undefined, { currentStatus: open.status });
        const profile = await profileInForce(tx, credentialType, today);
        fee = profile.application_fee_cents;
        [{ id: certificationKey }] = await tx.rows<{ id: number }>(
          `insert into "certification" ("person_id", "credential_type_id", "jurisdiction_id", "status", "source_name") values (?, ?, ?, 'APPLIED', 'the hub') returning id`,
          [person, credentialType, jurisdiction],
        );
        await tx.audit(CERTIFICATION, certificationKey, null, jurisdiction);
        const due = profile.decision_due_days;
        return insertApplication(tx, { person, credentialType, jurisdiction, certificationKey, kind: input.kind, fee, due, today });
      }
      const { certification } = await lockCertification(tx, input.certificationId!, 'input.certificationId');
      const current = certificationStatusOfRow(certification);
      const allowed = APPLIES_TO[input.kind as Kind.RENEWAL | Kind.REINSTATEMENT];
      if (!allowed.includes(current)) {
        throw invalidTransition(`certification ${input.certificationId}`, 'certifications', input.kind === Kind.RENEWAL ? 'renewed' : 'reinstated', current, allowed);
      }
      const pending = await tx.one(`select id from "certification_application" where "certification_id" = ? and "status" in ('SUBMITTED', 'UNDER_REVIEW') limit 1`, [certification.id]);
      if (pending) throw conflict(`certification ${input.certificationId} already has an application under way`);
      const profile = await profileInForce(tx, certification.credential_type_id, today);
      fee = input.kind === Kind.REINSTATEMENT ? profile.reinstatement_fee_cents : profile.renewal_fee_cents + (current === Status.LATE_RENEWAL ? profile.late_fee_cents : 0);
      return insertApplication(tx, {
        person: certification.person_id, credentialType: certification.credential_type_id, jurisdiction: certification.jurisdiction_id,
        certificationKey: certification.id, kind: input.kind, fee, due: profile.decision_due_days, today,
      });
    });
  }

  @Mutation(() => CertificationApplication, {
    description:
      'Approve an application (ADMIN, for the certifying body). INITIAL: the certification is issued PROVISIONAL where the profile requires supervised hours (for its provisional months), otherwise ACTIVE for its validity; a credential number is assigned. RENEWAL: only of a certification still renewable on the day of the decision, and only with the profile\'s CE hours and ethics hours completed inside the current cycle; the new cycle starts where the old one ends. REINSTATEMENT: a new cycle from today, PROVISIONAL again for one that never became full.',
  })
  approveCertificationApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'approveCertificationApplication', [Role.ADMIN]);
    return mutate(ctx, info, { action: 'approveCertificationApplication', resultType: APPLICATION }, async (tx) => {
      const { application, before } = await lockApplication(tx, id);
      const undecided = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW];
      if (!undecided.includes(application.status)) throw invalidTransition(`certification application ${id}`, 'applications', 'approved', application.status, undecided);
      const certificationRow = await tx.lock(CERTIFICATION, application.certification_id!);
      const certification = certificationRow as unknown as CertificationRow;
      const today = todayUtc();
      if (application.kind === Kind.INITIAL) {
        const profile = await profileInForce(tx, application.credential_type_id, today);
        const provisional = Number(profile.supervised_hours_required) > 0 && profile.provisional_validity_months !== null;
        const expires = addMonths(today, provisional ? profile.provisional_validity_months! : profile.validity_months);
        const [{ code }] = await tx.rows<{ code: string }>(`select "code" from "credential_type" where id = ?`, [application.credential_type_id]);
        await updateCertification(
          tx, certification, certificationRow!,
          sql`"status" = ${bound(provisional ? Status.PROVISIONAL : Status.ACTIVE)}, "credential_number" = ${bound(`${code}-${today.slice(0, 4)}-${certification.id}`)}, "first_issued_on" = ${bound(today)}, "issued_on" = ${bound(today)}, "expires_on" = ${bound(expires)}, "full_certified_on" = ${bound(provisional ? null : today)}, "ce_due_on" = ${bound(provisional ? null : expires)}`,
        );
      } else if (application.kind === Kind.RENEWAL) {
        // judged again on the day of the decision: a certification that lapsed meanwhile needs a reinstatement
        const current = certificationStatusOfRow(certification);
        if (!APPLIES_TO[Kind.RENEWAL].includes(current)) {
          throw invalidTransition(`the certification of application ${id}`, 'certifications', 'renewed', current, APPLIES_TO[Kind.RENEWAL]);
        }
        const profile = await profileInForce(tx, certification.credential_type_id, certification.issued_on!);
        const ce = await cycleContinuingEducation(tx, certification);
        if (ce.hours < Number(profile.ce_hours_per_cycle) || ce.ethics < Number(profile.ethics_hours_per_cycle)) {
          throw conflict(
            `renewal needs ${profile.ce_hours_per_cycle} CE hours including ${profile.ethics_hours_per_cycle} of ethics completed from ${certification.issued_on} to ${certification.expires_on}; the certification has ${ce.hours} including ${ce.ethics}`,
            undefined,
            { ceHours: ce.hours, ethicsHours: ce.ethics, ceHoursRequired: Number(profile.ce_hours_per_cycle), ethicsHoursRequired: Number(profile.ethics_hours_per_cycle) },
          );
        }
        const next = await profileInForce(tx, certification.credential_type_id, certification.expires_on!);
        const expires = addMonths(certification.expires_on!, next.validity_months);
        await updateCertification(tx, certification, certificationRow!, sql`"status" = 'ACTIVE', "issued_on" = ${bound(certification.expires_on)}, "expires_on" = ${bound(expires)}, "last_renewed_on" = ${bound(today)}, "ce_due_on" = ${bound(expires)}`);
      } else {
        const profile = await profileInForce(tx, certification.credential_type_id, today);
        // a provisional certification that lapsed before it became full comes back provisional, its hours still owed
        if (certification.full_certified_on === null && profile.provisional_validity_months !== null) {
          await updateCertification(tx, certification, certificationRow!, sql`"status" = 'PROVISIONAL', "issued_on" = ${bound(today)}, "expires_on" = ${bound(addMonths(today, profile.provisional_validity_months))}, "last_renewed_on" = ${bound(today)}`);
        } else {
          const expires = addMonths(today, profile.validity_months);
          await updateCertification(tx, certification, certificationRow!, sql`"status" = 'ACTIVE', "issued_on" = ${bound(today)}, "expires_on" = ${bound(expires)}, "last_renewed_on" = ${bound(today)}, "ce_due_on" = ${bound(expires)}, "full_certified_on" = coalesce("full_certified_on", ${bound(today)})`);
        }
      }
      await tx.rows(`update "certification_application" set "status" = 'APPROVED', "decided_on" = ? where id = ?`, [today, application.id]);
      await tx.audit(APPLICATION, application.id, before, application.jurisdiction_id);
      return application.id;
    });
  }

  @Mutation(() => CertificationApplication, { description: 'Deny an application with its reasons (ADMIN); an INITIAL application\'s certification becomes DENIED.' })
  denyCertificationApplication(
    @Arg('id', () => ID) id: string,
    @Arg('reasons', () => [String]) reasons: string[],
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'denyCertificationApplication', [Role.ADMIN]);
    const cleaned = reasons.map((r) => r.trim());
    if (!cleaned.length || cleaned.length > MAX_REASONS) throw badInput(`reasons: give 1 to ${MAX_REASONS}`, { argument: 'reasons' });
    const bad = cleaned.findIndex((r) => !r || r.length > MAX_REASON);
    if (bad >= 0) throw badInput(`reasons[${bad}] must be 1 to ${MAX_REASON} characters`, { argument: `reasons[${bad}]` });
    return mutate(ctx, info, { action: 'denyCertificationApplication', resultType: APPLICATION }, async (tx) => {
      const { application, before } = await lockApplication(tx, id);
      const undecided = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW];
      if (!undecided.includes(application.status)) throw invalidTransition(`certification application ${id}`, 'applications', 'denied', application.status, undecided);
      await tx.rows(`update "certification_application" set "status" = 'DENIED', "decided_on" = ?, "decision_reasons" = ?::jsonb where id = ?`, [todayUtc(), JSON.stringify(cleaned), application.id]);
      await tx.audit(APPLICATION, application.id, before, application.jurisdiction_id);
      if (application.kind === Kind.INITIAL && application.certification_id !== null) {
        const certificationRow = (await tx.lock(CERTIFICATION, application.certification_id))!;
        await updateCertification(tx, certificationRow as unknown as CertificationRow, certificationRow, sql`"status" = 'DENIED'`);
      }
      return application.id;
    });
  }

  @Mutation(() => Certification, {
    description:
      'Make a PROVISIONAL certification full (ADMIN), once its approved supervised hours reach what the profile requires: ACTIVE for the profile\'s validity from today. Records an approved UPGRADE application.',
  })
  upgradeProvisionalCertification(@Arg('certificationId', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'upgradeProvisionalCertification', [Role.ADMIN]);
    return mutate(ctx, info, { action: 'upgradeProvisionalCertification', resultType: CERTIFICATION }, async (tx) => {
      const { certification, before } = await lockCertification(tx, id, 'certificationId');
      const current = certificationStatusOfRow(certification);
      if (current !== Status.PROVISIONAL) throw invalidTransition(`certification ${id}`, 'certifications', 'upgraded', current, [Status.PROVISIONAL]);
      const profile = await profileInForce(tx, certification.credential_type_id, certification.issued_on!);
      const hours = await approvedHours(tx, certification.id);
      const required = Number(profile.supervised_hours_required);
      if (hours < required) {
        throw conflict(`the upgrade needs ${required} approved supervised hours; the certification has ${hours}`, undefined, { approvedHours: hours, requiredHours: required });
      }
      const today = todayUtc();
      const full = await profileInForce(tx, certification.credential_type_id, today);
      const expires = addMonths(today, full.validity_months);
      await updateCertification(tx, certification, before, sql`"status" = 'ACTIVE', "issued_on" = ${bound(today)}, "expires_on" = ${bound(expires)}, "full_certified_on" = ${bound(today)}, "ce_due_on" = ${bound(expires)}`);
      const [{ id: upgrade }] = await tx.rows<{ id: number }>(
        `insert into "certification_application" ("person_id", "credential_type_id", "jurisdiction_id", "certification_id", "kind", "status", "submitted_on", "decided_on", "fee_cents")
         values (?, ?, ?, ?, 'UPGRADE', 'APPROVED', ?, ?, 0) returning id`,
        [certification.person_id, certification.credential_type_id, certification.jurisdiction_id, certification.id, today, today],
      );
      await tx.audit(APPLICATION, upgrade, null, certification.jurisdiction_id);
      return certification.id;
    });
  }

  @Mutation(() => Certification, {
    description: 'Extend a PROVISIONAL certification by the profile\'s extension months (ADMIN), as many times as the profile allows (TX: once).',
  })
  extendProvisionalCertification(@Arg('certificationId', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'extendProvisionalCertification', [Role.ADMIN]);
    return mutate(ctx, info, { action: 'extendProvisionalCertification', resultType: CERTIFICATION }, async (tx) => {
      const { certification, before } = await lockCertification(tx, id, 'certificationId');
      const current = certificationStatusOfRow(certification);
      if (current !== Status.PROVISIONAL) throw invalidTransition(`certification ${id}`, 'certifications', 'extended', current, [Status.PROVISIONAL]);
      const profile = await profileInForce(tx, certification.credential_type_id, certification.issued_on!);
      if (certification.extensions_used >= profile.extensions_allowed || !profile.extension_months) {
        throw conflict(`the profile allows ${profile.extensions_allowed} extension(s); ${certification.extensions_used} used`, undefined, {
          extensionsAllowed: profile.extensions_allowed,
          extensionsUsed: certification.extensions_used,
        });
      }
      await updateCertification(tx, certification, before, sql`"expires_on" = ${bound(addMonths(certification.expires_on!, profile.extension_months))}, "extensions_used" = "extensions_used" + 1`);
      return certification.id;
    });
  }
}

async function insertApplication(
  tx: MutationTx,
  a: { person: number; credentialType: number; jurisdiction: number; certificationKey: number; kind: Kind; fee: number; due: number | null; today: string },
): Promise<number> {
  const dueOn = a.due === null ? null : addDays(a.today, a.due);
  const [{ id }] = await tx.rows<{ id: number }>(
    `insert into "certification_application" ("person_id", "credential_type_id", "jurisdiction_id", "certification_id", "kind", "status", "submitted_on", "decision_due_on", "fee_cents")
     values (?, ?, ?, ?, ?, 'SUBMITTED', ?, ?, ?) returning id`,
    [a.person, a.credentialType, a.jurisdiction, a.certificationKey, a.kind, a.today, dueOn, a.fee],
  );
  await tx.audit(APPLICATION, id, null, a.jurisdiction);
  return id;
}
