/**
 * Finding supervision: an intern asks a supervisor of the directory (requestSupervision), the supervisor accepts or
 * declines, the intern may withdraw a request still waiting, and an accepted supervision can be ended by either side.
 * Accepting takes a place: the supervisor's row lock makes acceptances under one supervisor take turns, so that the
 * last place goes once, whichever hub process each acceptance reaches. Every step writes its audit record.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, InputType, Info, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { badInput, conflict, invalidTransition } from '../../errors';
import type { Row } from '../../graphql/loaders';
import { actingPerson, keyArgument, mutate, noSuch, requireRole, type MutationTx } from '../../graphql/mutation';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { dayLiteral, todayLiteral } from '../../graphql/dated';
import { Supervision } from './entities';
import { SupervisionStatus as Status } from './enums';
import { supervisionsInForceSql } from './directory';
import { textArgument } from './workflow';

const SUPERVISION = Supervision.name;
const MAX_MESSAGE = 2000;

@InputType({ description: 'A request for supervision, to a supervisor of the directory.' })
export class RequestSupervisionInput {
  @Field(() => ID, { description: 'The supervisor asked: one who takes interns from other employers, or one of your current employer.' })
  supervisorId!: string;

  @Field(() => ID, { nullable: true, description: 'The intern: yourself as PEER (leave it out); required of ADMIN.' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: `What you tell the supervisor, 1 to ${MAX_MESSAGE} characters.` })
  message?: string | null;

  @Field(() => String, { nullable: true, description: 'Repeat the call with the same key to get the first result back without writing again.' })
  idempotencyKey?: string | null;
}

interface SupervisionRow {
  id: number;
  person_id: number;
  supervisor_id: number;
  status: Status;
  starts_on: string | null;
  ends_on: string | null;
}

interface SupervisorRow {
  id: number;
  person_id: number;
  jurisdiction_id: number;
  employer_id: number | null;
  accepts_external_supervisees: boolean;
  capacity: number;
}

/** The status a supervision reads on `day` (./directory.ts in code): ACCEPTED reads ENDED after its endsOn. */
export function supervisionStatusOn(row: Pick<SupervisionRow, 'status' | 'ends_on'>, day: string): Status {
  const endsOn = row.ends_on === null ? null : String(row.ends_on).slice(0, 10);
  return row.status === Status.ACCEPTED && endsOn !== null && endsOn < day ? Status.ENDED : row.status;
}

/** Who may act on a supervision besides ADMIN: its intern (PEER), its supervisor (SUPERVISOR). */
type Side = 'intern' | 'supervisor';

/**
 * The supervision named, locked after its supervisor (LOCK_PARENTS), with its supervisor. One answer, no such
 * supervision, for a record out of the caller's scope and for one they read but may not act on here (an intern
 * deciding their own request, a supervisor withdrawing one).
 */
async function lockSupervision(tx: MutationTx, ctx: HubContext, id: string, sides: readonly Side[]) {
  const { role, peerId } = ctx.viewer;
  const before = await tx.named<Record<string, unknown>>(SUPERVISION, id, 'id');
  const supervision = before as unknown as SupervisionRow;
  const supervisor = (await tx.one<SupervisorRow>(
    `select id, "person_id", "jurisdiction_id", "employer_id", "accepts_external_supervisees", "capacity" from "supervisor" where id = ?`,
    [supervision.supervisor_id],
  ))!;
  const mayAct =
    role === Role.ADMIN ||
    (role === Role.PEER && sides.includes('intern') && supervision.person_id === peerId) ||
    (role === Role.SUPERVISOR && sides.includes('supervisor') && supervisor.person_id === peerId);
  if (!mayAct) throw noSuch(SUPERVISION, id, 'id');
  return { supervision, supervisor, before };
}

/** A decision on a request still waiting: the change, made now, with its audit record. */
function decide(
  ctx: HubContext,
  info: GraphQLResolveInfo,
  action: string,
  change: string,
  id: string,
  sides: readonly Side[],
  work: (tx: MutationTx, supervision: SupervisionRow, supervisor: SupervisorRow) => Promise<void>,
): Promise<Row | null> {
  keyArgument(id, SUPERVISION, 'id');
  return mutate(ctx, info, { action, resultType: SUPERVISION }, async (tx) => {
    const { supervision, supervisor, before } = await lockSupervision(tx, ctx, id, sides);
    const current = supervisionStatusOn(supervision, todayUtc());
    if (current !== Status.REQUESTED) throw invalidTransition(`supervision ${id}`, 'supervisions', change, current, [Status.REQUESTED]);
    await work(tx, supervision, supervisor);
    await tx.audit(SUPERVISION, supervision.id, before, supervisor.jurisdiction_id);
    return supervision.id;
  });
}

@Resolver()
export class SupervisionRequestWorkflowResolver {
  @Mutation(() => Supervision, {
    description:
      'Ask a supervisor for supervision (PEER for themselves, ADMIN for the person named): REQUESTED, for the supervisor to accept or decline. A supervisor who takes no interns from other employers takes requests only from people their employer employs today (CONFLICT otherwise); one request at a time to a supervisor, and none while a supervision by them is in force (CONFLICT).',
  })
  requestSupervision(
    @Arg('input', () => RequestSupervisionInput) input: RequestSupervisionInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'requestSupervision', [Role.PEER, Role.ADMIN]);
    keyArgument(input.supervisorId, 'Supervisor', 'input.supervisorId');
    const person = actingPerson(ctx, input.personId, 'input.personId');
    const message = input.message == null ? null : textArgument(input.message, 'input.message', MAX_MESSAGE);
    const today = todayUtc();
    return mutate(ctx, info, { action: 'requestSupervision', resultType: SUPERVISION, idempotencyKey: input.idempotencyKey }, async (tx) => {
      if (input.personId != null) await tx.named('PeerSpecialist', input.personId, 'input.personId', { lock: false });
      // the supervisor's lock makes requests and decisions under one supervisor take turns
      const supervisor = await tx.named<SupervisorRow>('Supervisor', input.supervisorId, 'input.supervisorId');
      if (supervisor.person_id === person) throw badInput('input.supervisorId: an intern cannot supervise themselves', { argument: 'input.supervisorId' });
      if (!supervisor.accepts_external_supervisees) {
        const colleague = supervisor.employer_id !== null && (await tx.one(
          `select 1 from "employment" e where e."person_id" = ? and e."employer_id" = ? and e."started_on" <= ?::date and (e."ended_on" is null or e."ended_on" >= ?::date)`,
          [person, supervisor.employer_id, today, today],
        )) !== null;
        if (!colleague) {
          throw conflict(`supervisor ${input.supervisorId} takes no interns from other employers: ask one whose acceptsExternalSupervisees is true, or one of your employer`, undefined, {
            argument: 'input.supervisorId',
          });
        }
      }
      const live = await tx.one<{ id: number; status: Status }>(
        `select id, "status" from "supervision" where "person_id" = ? and "supervisor_id" = ?
           and ("status" = 'REQUESTED' or ("status" = 'ACCEPTED' and ("ends_on" is null or "ends_on" >= ${todayLiteral()}))) order by id limit 1`,
        [person, supervisor.id],
      );
      if (live) {
        throw conflict(`you already have a supervision ${live.status === Status.REQUESTED ? 'request waiting with' : 'in force with'} supervisor ${input.supervisorId}`, undefined, {
          argument: 'input.supervisorId',
          currentStatus: live.status,
        });
      }
      const [{ id }] = await tx.rows<{ id: number }>(
        `insert into "supervision" ("person_id", "supervisor_id", "status", "message", "requested_at") values (?, ?, ?, ?, now()) returning id`,
        [person, supervisor.id, Status.REQUESTED, message],
      );
      await tx.audit(SUPERVISION, id, null, supervisor.jurisdiction_id);
      return id;
    });
  }

  @Mutation(() => Supervision, {
    description:
      'Accept a request for supervision (its supervisor, as SUPERVISOR, or ADMIN): ACCEPTED, in force from today. Takes a place: CONFLICT, with extensions.capacity and supervisees, when the supervisions in force today fill the capacity.',
  })
  acceptSupervision(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'acceptSupervision', [Role.SUPERVISOR, Role.ADMIN]);
    return decide(ctx, info, 'acceptSupervision', 'accepted', id, ['supervisor'], async (tx, _supervision, supervisor) => {
      // counted under the supervisor's lock, which every acceptance holds: two cannot both take the last place
      const today = todayLiteral();
      const [{ supervisees }] = await tx.rows<{ supervisees: number }>(`select ${supervisionsInForceSql('s', today)} as supervisees from "supervisor" s where s.id = ?`, [supervisor.id]);
      if (supervisees >= supervisor.capacity) {
        throw conflict(`the supervisor of supervision ${id} has no place free: ${supervisees} supervisions in force today for a capacity of ${supervisor.capacity}`, undefined, {
          argument: 'id',
          capacity: supervisor.capacity,
          supervisees,
        });
      }
      await tx.rows(`update "supervision" set "status" = ?, "starts_on" = ${today}, "decided_at" = now() where id = ?`, [Status.ACCEPTED, _supervision.id]);
    });
  }

  @Mutation(() => Supervision, { description: 'Decline a request for supervision (its supervisor, as SUPERVISOR, or ADMIN), with an optional note to the intern: DECLINED.' })
  declineSupervision(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true, description: `Up to ${MAX_MESSAGE} characters.` }) noteText: string | null | undefined,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'declineSupervision', [Role.SUPERVISOR, Role.ADMIN]);
    const note = noteText == null ? null : textArgument(noteText, 'note', MAX_MESSAGE);
    return decide(ctx, info, 'declineSupervision', 'declined', id, ['supervisor'], async (tx, supervision) => {
      await tx.rows(`update "supervision" set "status" = ?, "decision_note" = ?, "decided_at" = now() where id = ?`, [Status.DECLINED, note, supervision.id]);
    });
  }

  @Mutation(() => Supervision, { description: 'Withdraw your request for supervision while it waits (PEER for their own, ADMIN): WITHDRAWN.' })
  withdrawSupervisionRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'withdrawSupervisionRequest', [Role.PEER, Role.ADMIN]);
    return decide(ctx, info, 'withdrawSupervisionRequest', 'withdrawn', id, ['intern'], async (tx, supervision) => {
      await tx.rows(`update "supervision" set "status" = ?, "decided_at" = now() where id = ?`, [Status.WITHDRAWN, supervision.id]);
    });
  }

  @Mutation(() => Supervision, {
    description:
      'End a supervision in force (its intern as PEER, its supervisor as SUPERVISOR, or ADMIN): lastDay, today or later (today when left out), is its last day; it reads ENDED from the day after, when its place is free again. Hours are logged under it up to lastDay.',
  })
  endSupervision(
    @Arg('id', () => ID) id: string,
    @Arg('lastDay', () => DateScalar, { nullable: true, description: 'The last day in force: today or later; today when left out.' }) lastDayArg: string | null | undefined,
    @Arg('note', () => String, { nullable: true, description: `Why, up to ${MAX_MESSAGE} characters.` }) noteText: string | null | undefined,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'endSupervision', [Role.PEER, Role.SUPERVISOR, Role.ADMIN]);
    keyArgument(id, SUPERVISION, 'id');
    const today = todayUtc();
    const lastDay = lastDayArg ?? today;
    if (lastDay < today) throw badInput(`lastDay (${lastDay}) is in the past: a supervision ends today at the earliest, so that hours logged stay covered`, { argument: 'lastDay' });
    const note = noteText == null ? null : textArgument(noteText, 'note', MAX_MESSAGE);
    return mutate(ctx, info, { action: 'endSupervision', resultType: SUPERVISION }, async (tx) => {
      const { supervision, supervisor, before } = await lockSupervision(tx, ctx, id, ['intern', 'supervisor']);
      const current = supervisionStatusOn(supervision, today);
      if (current !== Status.ACCEPTED) throw invalidTransition(`supervision ${id}`, 'supervisions', 'ended', current, [Status.ACCEPTED]);
      await tx.rows(`update "supervision" set "ends_on" = ${dayLiteral(lastDay)}, "decision_note" = coalesce(?, "decision_note") where id = ?`, [note, supervision.id]);
      await tx.audit(SUPERVISION, supervision.id, before, supervisor.jurisdiction_id);
      return supervision.id;
    });
  }
}
