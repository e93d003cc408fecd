import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, Float, ID, InputType, Info, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { badInput, conflict, forbidden, invalidTransition } from '../../errors';
import { toGlobalId } from '../../graphql/global-id';
import type { Row } from '../../graphql/loaders';
import { keyArgument, mutate, noSuch, requireRole, type MutationTx } from '../../graphql/mutation';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { CertificationStatus, CredentialCategory } from '../credentials/enums';
import { SupervisedExperienceLog } from './entities';
import { ExperienceLogStatus as Status } from './enums';
import { certificationStatusIsSql, certificationStatusOfRow, type CertificationDatesRow } from '../credentials/lifecycle';
import { todayLiteral } from '../../graphql/dated';

const LOG = SupervisedExperienceLog.name;
/** The longest period one log may cover: a month. */
export const MAX_PERIOD_DAYS = 31;
const MAX_NOTE = 2000;
/** Logs that hold a supervisor's place and a period of the intern's certification. */
const LIVE = [Status.SUBMITTED, Status.APPROVED] as const;
const DAY_MS = 86_400_000;

@InputType({ description: 'Supervised work experience of one period, toward a provisional certification.' })
export class LogSupervisedHoursInput {
  @Field(() => ID, { description: 'The provisional certification the hours count toward: your own as PEER.' })
  certificationId!: string;

  @Field(() => ID, { description: "Who supervised: a supervisor of the certification's state holding its supervisor credential, whose supervision of you is in force over the period." })
  supervisorId!: string;

  @Field(() => DateScalar, { description: 'First day of the period: on or after the day the certification was issued.' })
  periodStart!: string;

  @Field(() => DateScalar, { description: `Last day of the period: not in the future, at most ${MAX_PERIOD_DAYS} days after the first counting both.` })
  periodEnd!: string;

  @Field(() => Float, { description: 'Hours of direct service, 0 to 24 a day of the period.' })
  directServiceHours!: number;

  @Field(() => Float, { nullable: true, description: 'Hours of supervision received, 0 to 24 a day of the period; 0 when left out.' })
  supervisionHours?: number | null;

  @Field(() => ID, { nullable: true, description: "Where the hours were worked; the program's employer when only the program is given." })
  employerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The program the hours were worked in: one the employer runs.' })
  programId?: string | null;

  @Field(() => String, { nullable: true, description: 'Repeat the call with the same key to get the first result back without writing again.' })
  idempotencyKey?: string | null;
}

interface CertificationRow extends CertificationDatesRow {
  id: number;
  person_id: number;
  jurisdiction_id: number;
  issued_on: string | null;
}

interface SupervisorRow {
  id: number;
  person_id: number;
  jurisdiction_id: number;
  employer_id: number | null;
  supervisor_certification_id: number | null;
  accepts_external_supervisees: boolean;
  capacity: number;
}

interface LogRow {
  id: number;
  person_id: number;
  certification_id: number;
  supervisor_id: number;
  status: Status;
}

/** Hours as stored (numeric(6,2)): a finite number from 0, rounded to the hundredth, at most `max`. */
export function hoursArgument(value: number, argument: string, max: number, min = 0, minIncluded = true): number {
  const hours = Math.round(value * 100) / 100;
  if (!Number.isFinite(value) || (minIncluded ? hours < min : hours <= min)) {
    throw badInput(`${argument} must be ${minIncluded ? `${min} or more` : `above ${min}`}`, { argument });
  }
  if (hours > max) throw badInput(`${argument} (${value}) is above the limit of ${max}`, { argument, limit: max });
  return hours;
}

/** Free text of 1 to `max` characters, trimmed. */
export function textArgument(text: string, argument: string, max: number): string {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > max) throw badInput(`${argument} must be 1 to ${max} characters`, { argument, limit: max });
  return trimmed;
}

/** The days of a period, counting its first and last. */
function daysOf(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The log, locked after its certification (LOCK_ORDER), with the person of its supervisor and its certification's jurisdiction; BAD_USER_INPUT out of scope. */
async function lockLog(tx: MutationTx, ctx: HubContext, id: string) {
  const { role, peerId } = ctx.viewer;
  // a supervisor reads their own hours too (as an intern); those are refused below with their reason
  const before = await tx.named(LOG, id, 'id');
  const log = before as unknown as LogRow;
  const { supervisor_person_id: supervisorPerson, jurisdiction_id: jurisdiction } = (await tx.one<{ supervisor_person_id: number; jurisdiction_id: number }>(
    `select s."person_id" as supervisor_person_id, c."jurisdiction_id" from "supervisor" s, "certification" c where s.id = ? and c.id = ?`,
    [log.supervisor_id, log.certification_id],
  ))!;
  if (role === Role.SUPERVISOR) {
    // a supervisor reads their own hours too: they are signed off by someone else
    if (log.person_id === peerId) throw forbidden(`supervised experience log ${id} is your own: hours are signed off by the supervisor, not by the supervisee`);
    if (supervisorPerson !== peerId) throw noSuch(LOG, id, 'id');
  }
  return { log, before, jurisdiction };
}

/** Signs off a submitted log: approved or rejected, now, with the note. */
function signOff(ctx: HubContext, info: GraphQLResolveInfo, action: string, change: string, id: string, status: Status, noteText: string | null | undefined): Promise<Row | null> {
  requireRole(ctx, action, [Role.SUPERVISOR, Role.ADMIN]);
  const note = noteText == null ? null : textArgument(noteText, 'note', MAX_NOTE);
  return mutate(ctx, info, { action, resultType: LOG }, async (tx) => {
    const { log, before, jurisdiction } = await lockLog(tx, ctx, id);
    if (log.status !== Status.SUBMITTED) throw invalidTransition(`supervised experience log ${id}`, 'logs', change, log.status, [Status.SUBMITTED]);
    await tx.rows(`update "supervised_experience_log" set "status" = ?, "signed_off_at" = now(), "sign_off_note" = ? where id = ?`, [status, note, log.id]);
    await tx.audit(LOG, log.id, before, jurisdiction);
    return log.id;
  });
}

@Resolver()
export class SupervisionWorkflowResolver {
  @Mutation(() => SupervisedExperienceLog, {
    description:
      `Log supervised hours of a period toward a provisional certification (PEER for their own, ADMIN): SUBMITTED, for the supervisor to sign off. The certification must be PROVISIONAL and cover the period (hours count from its issue); the supervisor of its state must hold that state's supervisor credential, ACTIVE today, and have accepted the intern for supervision, in force on every day of the period (requestSupervision, acceptSupervision; CONFLICT otherwise, one answer for either reason). A period is at most ${MAX_PERIOD_DAYS} days, not in the future, and overlaps no other submitted or approved period of the certification (CONFLICT).`,
  })
  logSupervisedHours(
    @Arg('input', () => LogSupervisedHoursInput) input: LogSupervisedHoursInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'logSupervisedHours', [Role.PEER, Role.ADMIN]);
    // ids are checked before the transaction opens: a malformed one costs no round trip
    keyArgument(input.certificationId, 'Certification', 'input.certificationId');
    keyArgument(input.supervisorId, 'Supervisor', 'input.supervisorId');
    let employerKey = input.employerId == null ? null : keyArgument(input.employerId, 'Employer', 'input.employerId');
    const programKey = input.programId == null ? null : keyArgument(input.programId, 'ServiceProgram', 'input.programId');
    const { periodStart, periodEnd } = input;
    const today = todayUtc();
    if (periodEnd < periodStart) throw badInput(`input.periodEnd (${periodEnd}) is before input.periodStart (${periodStart})`, { argument: 'input.periodEnd' });
    if (periodEnd > today) throw badInput(`input.periodEnd (${periodEnd}) is in the future: log hours once they are worked`, { argument: 'input.periodEnd' });
    const days = daysOf(periodStart, periodEnd);
    if (days > MAX_PERIOD_DAYS) {
      throw badInput(`the period from ${periodStart} to ${periodEnd} is ${days} days; log at most ${MAX_PERIOD_DAYS} days at a time`, { argument: 'input.periodEnd', limit: MAX_PERIOD_DAYS });
    }
    const directServiceHours = hoursArgument(input.directServiceHours, 'input.directServiceHours', 24 * days);
    const supervisionHours = input.supervisionHours == null ? 0 : hoursArgument(input.supervisionHours, 'input.supervisionHours', 24 * days);

    return mutate(ctx, info, { action: 'logSupervisedHours', resultType: LOG, idempotencyKey: input.idempotencyKey }, async (tx) => {
      // the certification first, then the supervisor: the same order in every call, so that calls wait, never deadlock
      const certification = await tx.named<CertificationRow>('Certification', input.certificationId, 'input.certificationId');
      // the status every read gives today, not the stored one the sweep may not have caught up with
      const current = certificationStatusOfRow(certification);
      if (current !== CertificationStatus.PROVISIONAL || certification.issued_on === null) {
        throw conflict(`certification ${input.certificationId} is ${current}: supervised hours count toward a PROVISIONAL certification`, undefined, {
          argument: 'input.certificationId',
          currentStatus: current,
        });
      }
      if (periodStart < certification.issued_on) {
        throw badInput(`input.periodStart (${periodStart}) is before the certification was issued (${certification.issued_on}): hours count only after approval`, {
          argument: 'input.periodStart',
        });
      }
      if (certification.expires_on !== null && periodEnd > certification.expires_on) {
        throw badInput(`input.periodEnd (${periodEnd}) is after the certification expires (${certification.expires_on})`, { argument: 'input.periodEnd' });
      }

      // the caller's own record first: what follows about the supervisor is told only of a period that would be logged
      const overlapping = await tx.one<{ id: number; period_start: string; period_end: string; status: string }>(
        `select id, "period_start", "period_end", "status" from "supervised_experience_log"
         where "certification_id" = ? and "status" in (?, ?) and "period_start" <= ?::date and "period_end" >= ?::date order by "period_start" limit 1`,
        [certification.id, ...LIVE, periodEnd, periodStart],
      );
      if (overlapping) {
        throw conflict(
          `the period overlaps the ${overlapping.status} log of ${overlapping.period_start} to ${overlapping.period_end} of this certification: each day is logged once`,
          undefined,
          { argument: 'input.periodStart', overlappingLogId: toGlobalId(LOG, overlapping.id) },
        );
      }

      // the supervisor's row lock makes interns logging under one supervisor take turns: the last place goes once
      const supervisor = await tx.named<SupervisorRow>('Supervisor', input.supervisorId, 'input.supervisorId');
      if (supervisor.jurisdiction_id !== certification.jurisdiction_id) {
        throw badInput(`input.supervisorId: supervisor ${input.supervisorId} supervises in another state than the certification's`, { argument: 'input.supervisorId' });
      }
      if (supervisor.person_id === certification.person_id) throw badInput('input.supervisorId: an intern cannot supervise themselves', { argument: 'input.supervisorId' });
      // ACTIVE as every read gives it today (lifecycle.ts), not as the stored status says
      const credential = await tx.one<{ id: number }>(
        `select c.id from "certification" c join "credential_type" ct on ct.id = c."credential_type_id"
         where c.id = ? and c."person_id" = ? and c."jurisdiction_id" = ? and ct."category" = ? and c."issued_on" <= ?::date
           and ${certificationStatusIsSql('c', todayLiteral(), CertificationStatus.ACTIVE)}`,
        [supervisor.supervisor_certification_id, supervisor.person_id, certification.jurisdiction_id, CredentialCategory.SUPERVISOR, today],
      );

      if (input.employerId != null) await tx.named('Employer', input.employerId, 'input.employerId', { lock: false });
      if (programKey !== null) {
        const program = await tx.named<{ employer_id: number }>('ServiceProgram', input.programId!, 'input.programId', { lock: false });
        if (employerKey !== null && program.employer_id !== employerKey) {
          throw badInput(`input.programId: program ${input.programId} is not run by employer ${input.employerId}`, { argument: 'input.programId' });
        }
        employerKey = program.employer_id;
      }
      // the intern's own supervision by them, accepted and in force on every day of the period (./requests.ts)
      const supervised = await tx.one<{ id: number }>(
        `select id from "supervision" where "person_id" = ? and "supervisor_id" = ? and "status" = 'ACCEPTED'
           and "starts_on" <= ?::date and ("ends_on" is null or "ends_on" >= ?::date) limit 1`,
        [certification.person_id, supervisor.id, periodStart, periodEnd],
      );
      if (!credential || !supervised) {
        // the supervisor's credential is theirs: an administrator learns which, anyone else one answer
        if (ctx.viewer.role !== Role.ADMIN) {
          throw conflict(
            `supervisor ${input.supervisorId} cannot sign off these hours: an intern's hours are signed off by a supervisor holding the state's supervisor credential in force today, who accepted them for supervision (requestSupervision) on every day of the period`,
            undefined,
            { argument: 'input.supervisorId' },
          );
        }
        if (!credential) {
          throw conflict(
            `supervisor ${input.supervisorId} does not hold the state's supervisor credential ACTIVE and in force today: only a credentialed supervisor signs off an intern's hours`,
            undefined,
            { argument: 'input.supervisorId' },
          );
        }
        throw conflict(`supervisor ${input.supervisorId} has no supervision of this intern accepted and in force from ${periodStart} to ${periodEnd}`, undefined, {
          argument: 'input.supervisorId',
        });
      }

      const [{ id }] = await tx.rows<{ id: number }>(
        `insert into "supervised_experience_log" ("person_id", "certification_id", "supervisor_id", "employer_id", "program_id", "period_start", "period_end",
           "direct_service_hours", "supervision_hours", "status", "submitted_at")
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
        [certification.person_id, certification.id, supervisor.id, employerKey, programKey, periodStart, periodEnd, directServiceHours, supervisionHours, Status.SUBMITTED],
      );
      await tx.audit(LOG, id, null, certification.jurisdiction_id);
      return id;
    });
  }

  @Mutation(() => SupervisedExperienceLog, {
    description: 'Sign off submitted hours as worked (the supervisor they were logged under, as SUPERVISOR, or ADMIN), with an optional note; never one\'s own hours.',
  })
  approveSupervisedHours(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true, description: `Up to ${MAX_NOTE} characters.` }) note: string | null | undefined,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    return signOff(ctx, info, 'approveSupervisedHours', 'approved', id, Status.APPROVED, note);
  }

  @Mutation(() => SupervisedExperienceLog, {
    description: 'Refuse submitted hours, saying why (the supervisor they were logged under, as SUPERVISOR, or ADMIN): the period can then be logged again.',
  })
  rejectSupervisedHours(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { description: `Why, 1 to ${MAX_NOTE} characters.` }) note: string,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    return signOff(ctx, info, 'rejectSupervisedHours', 'rejected', id, Status.REJECTED, note);
  }
}
