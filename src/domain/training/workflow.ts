import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, Float, ID, InputType, Info, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { badInput, conflict, invalidTransition } from '../../errors';
import { toGlobalId } from '../../graphql/global-id';
import type { Row } from '../../graphql/loaders';
import { actingPerson, keyArgument, mutate, requireRole, type MutationTx } from '../../graphql/mutation';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { TrainingRegistration } from './entities';
import { RegistrationStatus as Status, TrainingEventStatus } from './enums';
import { trainingEventStatusAsRead } from './status';
import { SEAT_HOLDING } from './seats';
import { datedColumn, datedIn, todayLiteral } from '../../graphql/dated';
import { CertificationStatus } from '../credentials/enums';
import '../credentials/lifecycle';

/** A certification CE is credited to: one in force or renewable today, by the status every read gives. */
const CREDITED_TODAY = () =>
  datedIn(datedColumn('Certification', 'status')!, 'c', todayLiteral(), [
    CertificationStatus.ACTIVE, CertificationStatus.PROVISIONAL, CertificationStatus.IN_GRACE, CertificationStatus.LATE_RENEWAL,
  ]);

const REGISTRATION = TrainingRegistration.name;
/** The score from which a completion counts as passed when the recorder does not say. */
const PASSING_SCORE = 70;

@InputType({ description: 'A place at a training event.' })
export class RegisterForTrainingEventInput {
  @Field(() => ID)
  eventId!: string;

  @Field(() => ID, { nullable: true, description: 'Who registers: yourself as PEER (leave it out); required of ADMIN.' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'Repeat the call with the same key to get the first result back without writing again.' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'How a registration ended: completed, with its score.' })
export class CompleteTrainingRegistrationInput {
  @Field(() => ID)
  registrationId!: string;

  @Field(() => Float, { nullable: true, description: 'Knowledge assessment score, 0 to 100; leave it out where the course has none.' })
  score?: number | null;

  @Field(() => Boolean, { nullable: true, description: `Whether the person passed; by default, a score of ${PASSING_SCORE} or more (or no score).` })
  passed?: boolean | null;

  @Field(() => DateScalar, { nullable: true, description: 'The day completed; the event\'s last day when left out.' })
  completedOn?: string | null;
}

interface EventRow {
  id: number;
  jurisdiction_id: number;
  organization_id: number;
  title: string;
  status: string;
  starts_on: string;
  ends_on: string;
  seats: number;
  ce_hours: string;
}

interface RegistrationRow {
  id: number;
  event_id: number;
  person_id: number;
  status: Status;
}

/** The registration, locked after its event (LOCK_ORDER), and the event; BAD_USER_INPUT when the viewer may not read it. */
async function lockRegistration(tx: MutationTx, id: string, argument: string) {
  const before = await tx.named(REGISTRATION, id, argument);
  const registration = before as unknown as RegistrationRow;
  const event = (await tx.one<EventRow>(`select * from "training_event" where id = ?`, [registration.event_id]))!;
  return { registration, before, event };
}

/** Seats taken: registrations holding a place (registered, or completed after the event). */
async function seatsTaken(tx: MutationTx, eventKey: number): Promise<number> {
  const [{ taken }] = await tx.rows<{ taken: number }>(`select count(*)::int as taken from "training_registration" where "event_id" = ? and "status" in ${SEAT_HOLDING}`, [eventKey]);
  return taken;
}

/**
 * Gives each free seat of the event to the first waiting, by waitlist number, and returns the seats still free. The
 * caller holds the event's lock, as every change of its registrations does: the count and the waiting list stand
 * still meanwhile. Called wherever a seat may have come free, and before a newcomer is placed, so that nobody
 * takes a seat while someone waits for one.
 */
async function fillFreeSeats(tx: MutationTx, event: EventRow): Promise<number> {
  let free = event.seats - (await seatsTaken(tx, event.id));
  while (free > 0) {
    const next = await tx.one<{ id: number }>(
      `select id from "training_registration" where "event_id" = ? and "status" = 'WAITLISTED' order by "waitlist_number" limit 1`,
      [event.id],
    );
    if (!next) break;
    const before = (await tx.lock(REGISTRATION, next.id))!;
    await tx.rows(`update "training_registration" set "status" = 'REGISTERED' where id = ?`, [next.id]);
    await tx.audit(REGISTRATION, next.id, before, event.jurisdiction_id);
    free--;
  }
  return free;
}

@Resolver()
export class TrainingWorkflowResolver {
  @Mutation(() => TrainingRegistration, {
    description:
      'Take a place at a scheduled event that has not started (PEER for themselves, ADMIN for anyone): REGISTERED while seats remain, WAITLISTED beyond them with the event\'s next waitlistNumber (numbers follow the order in which the hub decided, however many register at once), never more registered than seats. A cancelled registration can be renewed, at the end of the waiting list when the event is full; a live one is a CONFLICT.',
  })
  registerForTrainingEvent(
    @Arg('input', () => RegisterForTrainingEventInput) input: RegisterForTrainingEventInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'registerForTrainingEvent', [Role.PEER, Role.ADMIN]);
    // ids are checked before the transaction opens: a malformed one costs no round trip
    keyArgument(input.eventId, 'TrainingEvent', 'input.eventId');
    const person = actingPerson(ctx, input.personId, 'input.personId');
    return mutate(ctx, info, { action: 'registerForTrainingEvent', resultType: REGISTRATION, idempotencyKey: input.idempotencyKey }, async (tx) => {
      // the event's row lock makes registrations for one event take turns: the seat count and the waiting list
      // cannot be overtaken, and the order of the decisions is the order of the waitlist numbers
      const event = await tx.named<EventRow>('TrainingEvent', input.eventId, 'input.eventId');
      await tx.named('PeerSpecialist', input.personId ?? toGlobalId('PeerSpecialist', person), 'input.personId', { lock: false });
      const today = todayUtc();
      // the status as every read gives it today: an event that has ended is COMPLETED, whatever the row still says
      const status = trainingEventStatusAsRead(event.status, event.ends_on, today);
      if (status !== TrainingEventStatus.SCHEDULED) {
        const ended = status !== event.status ? ` (it ended on ${event.ends_on})` : '';
        throw conflict(`training event ${input.eventId} is ${status}${ended}: only a SCHEDULED event takes registrations`, undefined, { currentStatus: status });
      }
      if (event.starts_on <= today) throw conflict(`training event ${input.eventId} started on ${event.starts_on}: registration closes the day before`);
      const found = await tx.one<{ id: number }>(`select id from "training_registration" where "event_id" = ? and "person_id" = ?`, [event.id, person]);
      const existing = found ? ((await tx.lock(REGISTRATION, found.id)) as RegistrationRow & Record<string, unknown>) : null;
      if (existing && existing.status !== Status.CANCELLED) {
        throw conflict(`the person already has a ${existing.status} registration for training event ${input.eventId}`, undefined, { currentStatus: existing.status });
      }
      const placed = (await fillFreeSeats(tx, event)) > 0 ? Status.REGISTERED : Status.WAITLISTED;
      // decided now, under the event's lock: the next number of the event's waiting list (numbers are never reused)
      const waitlistNumber = placed === Status.WAITLISTED ? `(select coalesce(max("waitlist_number"), 0) + 1 from "training_registration" where "event_id" = ${Number(event.id)})` : 'null';
      let key: number;
      if (existing) {
        await tx.rows(
          `update "training_registration" set "status" = ?, "registered_at" = clock_timestamp(), "waitlist_number" = ${waitlistNumber}, "completed_on" = null, "score" = null, "passed" = null where id = ?`,
          [placed, existing.id],
        );
        key = existing.id;
      } else {
        [{ id: key }] = await tx.rows<{ id: number }>(
          `insert into "training_registration" ("event_id", "person_id", "status", "registered_at", "waitlist_number") values (?, ?, ?, clock_timestamp(), ${waitlistNumber}) returning id`,
          [event.id, person, placed],
        );
      }
      await tx.audit(REGISTRATION, key, existing ?? null, event.jurisdiction_id);
      return key;
    });
  }

  @Mutation(() => TrainingRegistration, {
    description: 'Give up a place or leave the waiting list (PEER for their own, ADMIN): a freed seat goes to the first person waiting, by waitlistNumber.',
  })
  cancelTrainingRegistration(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'cancelTrainingRegistration', [Role.PEER, Role.ADMIN]);
    return mutate(ctx, info, { action: 'cancelTrainingRegistration', resultType: REGISTRATION }, async (tx) => {
      // the event first (tx.lock takes it), as registering does: a seat freed here and one taken there take turns
      const { registration, before, event } = await lockRegistration(tx, id, 'id');
      const allowed = [Status.REGISTERED, Status.WAITLISTED];
      if (!allowed.includes(registration.status)) throw invalidTransition(`training registration ${id}`, 'registrations', 'cancelled', registration.status, allowed);
      await tx.rows(`update "training_registration" set "status" = 'CANCELLED' where id = ?`, [registration.id]);
      await tx.audit(REGISTRATION, registration.id, before, event.jurisdiction_id);
      await fillFreeSeats(tx, event);
      return registration.id;
    });
  }

  @Mutation(() => TrainingRegistration, {
    description:
      'Record that a registered person completed the event (ADMIN), with the score; where the event carries CE hours, they are credited to the person\'s certification of the event\'s state that is in force or renewable (the most recently issued), as a continuing-education record (once: not when the event is credited to it already).',
  })
  completeTrainingRegistration(
    @Arg('input', () => CompleteTrainingRegistrationInput) input: CompleteTrainingRegistrationInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'completeTrainingRegistration', [Role.ADMIN]);
    if (input.score != null && !(Number.isFinite(input.score) && input.score >= 0 && input.score <= 100)) {
      throw badInput('input.score must be from 0 to 100', { argument: 'input.score' });
    }
    return mutate(ctx, info, { action: 'completeTrainingRegistration', resultType: REGISTRATION }, async (tx) => {
      const { registration, before, event } = await lockRegistration(tx, input.registrationId, 'input.registrationId');
      if (registration.status !== Status.REGISTERED) {
        throw invalidTransition(`training registration ${input.registrationId}`, 'registrations', 'completed', registration.status, [Status.REGISTERED]);
      }
      const completedOn = input.completedOn ?? event.ends_on;
      if (completedOn < event.starts_on) throw badInput(`input.completedOn (${completedOn}) is before the event starts (${event.starts_on})`, { argument: 'input.completedOn' });
      if (completedOn > todayUtc()) throw badInput(`input.completedOn (${completedOn}) is in the future`, { argument: 'input.completedOn' });
      const passed = input.passed ?? (input.score == null ? true : input.score >= PASSING_SCORE);
      await tx.rows(`update "training_registration" set "status" = 'COMPLETED', "completed_on" = ?, "score" = ?, "passed" = ? where id = ?`, [
        completedOn,
        input.score ?? null,
        passed,
        registration.id,
      ]);
      await tx.audit(REGISTRATION, registration.id, before, event.jurisdiction_id);
      if (passed && Number(event.ce_hours) > 0) {
        const certification = await tx.one<{ id: number }>(
          `select c.id from "certification" c where c."person_id" = ? and c."jurisdiction_id" = ?
             and ${CREDITED_TODAY()} order by c."issued_on" desc nulls last, c.id desc limit 1`,
          [registration.person_id, event.jurisdiction_id],
        );
        if (certification) await tx.lock('Certification', certification.id);
        // under the certification's lock, as recordContinuingEducation checks it: one record per event and certification
        const credited = certification && (await tx.one(`select id from "continuing_education_record" where "certification_id" = ? and "training_event_id" = ?`, [certification.id, event.id]));
        if (certification && !credited) {
          const [{ id: record }] = await tx.rows<{ id: number }>(
            `insert into "continuing_education_record" ("person_id", "certification_id", "training_event_id", "title", "provider", "hours", "ethics_hours", "completed_on")
             select ?, ?, e.id, e."title", o."name", e."ce_hours", e."ethics_hours", ? from "training_event" e join "training_organization" o on o.id = e."organization_id" where e.id = ?
             returning id`,
            [registration.person_id, certification.id, completedOn, event.id],
          );
          await tx.audit('ContinuingEducationRecord', record, null, event.jurisdiction_id);
        }
      }
      return registration.id;
    });
  }
}
