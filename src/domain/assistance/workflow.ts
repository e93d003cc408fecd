import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, InputType, Info, Int, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { badInput, conflict, invalidTransition } from '../../errors';
import { toGlobalId } from '../../graphql/global-id';
import type { Row } from '../../graphql/loaders';
import { actingPerson, keyArgument, mutate, requireRole, type MutationTx } from '../../graphql/mutation';
import { todayUtc } from '../../graphql/scalars';
import { AssistanceApplication } from './entities';
import { fundOpenOn } from './open';
import { AssistanceApplicationStatus as Status, AssistancePurpose } from './enums';
import { bound, sql, type Sql } from '../../sql/fragments';

const APPLICATION = AssistanceApplication.name;
const MAX_REASON = 2000;
/** Decisions are made on applications not yet decided, or waiting for money. */
const UNDECIDED = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED] as const;

@InputType({ description: 'An application for money from an assistance fund.' })
export class SubmitAssistanceApplicationInput {
  @Field(() => ID)
  fundId!: string;

  @Field(() => ID, { nullable: true, description: 'The person applying: yourself as PEER (leave it out); required of ADMIN.' })
  applicantId?: string | null;

  @Field(() => AssistancePurpose, { description: 'What the money is for: one of the purposes the fund covers.' })
  purpose!: AssistancePurpose;

  @Field(() => Int, { description: 'Cents asked for, above 0.' })
  requestedCents!: number;

  @Field(() => String, { nullable: true, description: 'Repeat the call with the same key to get the first result back without writing again.' })
  idempotencyKey?: string | null;
}

interface ApplicationRow {
  id: number;
  fund_id: number;
  applicant_id: number;
  status: Status;
  requested_cents: number;
  awarded_cents: number | null;
}

interface FundRow {
  id: number;
  jurisdiction_id: number;
  purposes: string[];
  budget_cents: number;
  committed_cents: number;
  per_award_cap_cents: number | null;
  opens_on: string;
  closes_on: string | null;
}

/**
 * The application, locked after its fund (tx.lock takes the fund first: LOCK_ORDER), with the fund as it stands now;
 * BAD_USER_INPUT when the viewer may not read it.
 */
async function lockApplication(tx: MutationTx, id: string): Promise<{ application: ApplicationRow; before: Record<string, unknown>; fund: FundRow }> {
  const before = await tx.named(APPLICATION, id, 'id');
  const application = before as unknown as ApplicationRow;
  const fund = (await tx.one<FundRow>(`select * from "assistance_fund" where id = ?`, [application.fund_id]))!;
  return { application, before, fund };
}

function requireStatus(application: ApplicationRow, id: string, change: string, allowed: readonly Status[]): void {
  if (!allowed.includes(application.status)) throw invalidTransition(`assistance application ${id}`, 'applications', change, application.status, allowed);
}

function reason(text: string, argument: string): string {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_REASON) throw badInput(`${argument} must be 1 to ${MAX_REASON} characters`, { argument });
  return trimmed;
}

/** Records the decision on the application, and its audit record. */
async function decide(tx: MutationTx, application: ApplicationRow, before: Record<string, unknown>, fund: FundRow, set: Sql): Promise<number> {
  const update = sql`update "assistance_application" set ${set} where id = ${bound(application.id)}`;
  await tx.rows(update.sql, update.bindings);
  await tx.audit(APPLICATION, application.id, before, fund.jurisdiction_id);
  return application.id;
}

@Resolver()
export class AssistanceWorkflowResolver {
  @Mutation(() => AssistanceApplication, {
    description: 'Apply to a fund (PEER for themselves, ADMIN for anyone): the fund must be open today and cover the purpose. Starts SUBMITTED.',
  })
  submitAssistanceApplication(
    @Arg('input', () => SubmitAssistanceApplicationInput) input: SubmitAssistanceApplicationInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'submitAssistanceApplication', [Role.PEER, Role.ADMIN]);
    // ids are checked before the transaction opens: a malformed one costs no round trip
    keyArgument(input.fundId, 'AssistanceFund', 'input.fundId');
    const applicant = actingPerson(ctx, input.applicantId, 'input.applicantId');
    if (!Number.isSafeInteger(input.requestedCents) || input.requestedCents <= 0) {
      throw badInput('input.requestedCents must be above 0', { argument: 'input.requestedCents' });
    }
    return mutate(ctx, info, { action: 'submitAssistanceApplication', resultType: APPLICATION, idempotencyKey: input.idempotencyKey }, async (tx) => {
      const fund = await tx.named<FundRow>('AssistanceFund', input.fundId, 'input.fundId', { lock: false });
      await tx.named('PeerSpecialist', input.applicantId ?? toGlobalId('PeerSpecialist', applicant), 'input.applicantId');
      const today = todayUtc();
      if (!fundOpenOn(fund.opens_on, fund.closes_on, today)) {
        throw conflict(`fund ${input.fundId} takes applications from ${fund.opens_on}${fund.closes_on ? ` to ${fund.closes_on}` : ''}, not today (${today})`);
      }
      if (!fund.purposes.includes(input.purpose)) {
        throw badInput(`input.purpose: fund ${input.fundId} covers ${fund.purposes.join(', ')}, not ${input.purpose}`, { argument: 'input.purpose' });
      }
      const [{ id }] = await tx.rows<{ id: number }>(
        `insert into "assistance_application" ("fund_id", "applicant_id", "purpose", "requested_cents", "status", "submitted_at") values (?, ?, ?, ?, 'SUBMITTED', now()) returning id`,
        [fund.id, applicant, input.purpose, input.requestedCents],
      );
      await tx.audit(APPLICATION, id, null, fund.jurisdiction_id);
      return id;
    });
  }

  @Mutation(() => AssistanceApplication, {
    description:
      'Award money (FUND_REVIEWER of the fund\'s state, or ADMIN): at most what was asked, the fund\'s per-award cap and what remains of its budget, which never goes below 0 however many reviewers approve at once (CONFLICT when it would, with the remaining budget).',
  })
  approveAssistanceApplication(
    @Arg('id', () => ID) id: string,
    @Arg('awardedCents', () => Int) awardedCents: number,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'approveAssistanceApplication', [Role.FUND_REVIEWER, Role.ADMIN]);
    if (!Number.isSafeInteger(awardedCents) || awardedCents <= 0) throw badInput('awardedCents must be above 0', { argument: 'awardedCents' });
    return mutate(ctx, info, { action: 'approveAssistanceApplication', resultType: APPLICATION }, async (tx) => {
      const { application, before, fund } = await lockApplication(tx, id);
      requireStatus(application, id, 'approved', UNDECIDED);
      if (awardedCents > application.requested_cents) {
        throw badInput(`awardedCents (${awardedCents}) is above the ${application.requested_cents} cents asked for`, { argument: 'awardedCents' });
      }
      if (fund.per_award_cap_cents !== null && awardedCents > fund.per_award_cap_cents) {
        throw badInput(`awardedCents (${awardedCents}) is above the fund's per-award cap of ${fund.per_award_cap_cents}`, { argument: 'awardedCents', limit: fund.per_award_cap_cents });
      }
      // the fund is locked: approvals of one fund take turns, and the budget check and the audit see it as it is;
      // the condition is kept as the database's own guard
      const committed = await tx.one<{ remaining: number }>(
        `update "assistance_fund" set "committed_cents" = "committed_cents" + ? where id = ? and "committed_cents" + ? <= "budget_cents"
         returning "budget_cents" - "committed_cents" as remaining`,
        [awardedCents, fund.id, awardedCents],
      );
      if (!committed) {
        const { remaining } = (await tx.one<{ remaining: number }>(`select "budget_cents" - "committed_cents" as remaining from "assistance_fund" where id = ?`, [fund.id]))!;
        throw conflict(`the fund has ${remaining} cents left, less than the ${awardedCents} awarded: award less, or waitlist the application`, undefined, { remainingCents: remaining });
      }
      await tx.audit('AssistanceFund', fund.id, fund as unknown as Record<string, unknown>, fund.jurisdiction_id);
      return decide(tx, application, before, fund, sql`"status" = 'APPROVED', "awarded_cents" = ${bound(awardedCents)}, "reviewer" = ${bound(ctx.viewer.subject)}, "decided_at" = now(), "decision_reason" = null`);
    });
  }

  @Mutation(() => AssistanceApplication, { description: 'Refuse an application, with the reason (FUND_REVIEWER of the fund\'s state, or ADMIN).' })
  denyAssistanceApplication(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reasonText: string,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'denyAssistanceApplication', [Role.FUND_REVIEWER, Role.ADMIN]);
    const text = reason(reasonText, 'reason');
    return mutate(ctx, info, { action: 'denyAssistanceApplication', resultType: APPLICATION }, async (tx) => {
      const { application, before, fund } = await lockApplication(tx, id);
      requireStatus(application, id, 'denied', UNDECIDED);
      return decide(tx, application, before, fund, sql`"status" = 'DENIED', "reviewer" = ${bound(ctx.viewer.subject)}, "decided_at" = now(), "decision_reason" = ${bound(text)}`);
    });
  }

  @Mutation(() => AssistanceApplication, {
    description: 'Put an application on the waiting list because the fund cannot cover it now (FUND_REVIEWER of the fund\'s state, or ADMIN); CONFLICT while the fund still can.',
  })
  waitlistAssistanceApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'waitlistAssistanceApplication', [Role.FUND_REVIEWER, Role.ADMIN]);
    return mutate(ctx, info, { action: 'waitlistAssistanceApplication', resultType: APPLICATION }, async (tx) => {
      const { application, before, fund } = await lockApplication(tx, id);
      requireStatus(application, id, 'waitlisted', [Status.SUBMITTED, Status.UNDER_REVIEW]);
      const remaining = fund.budget_cents - fund.committed_cents;
      const smallestAward = Math.min(application.requested_cents, fund.per_award_cap_cents ?? application.requested_cents);
      if (remaining >= smallestAward) {
        throw conflict(`the fund still has ${remaining} cents, enough for this application: approve or deny it`, undefined, { remainingCents: remaining });
      }
      return decide(tx, application, before, fund, sql`"status" = 'WAITLISTED', "reviewer" = ${bound(ctx.viewer.subject)}, "decided_at" = now()`);
    });
  }

  @Mutation(() => AssistanceApplication, { description: 'Record that an approved award was paid out (FUND_REVIEWER of the fund\'s state, or ADMIN).' })
  disburseAssistanceApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'disburseAssistanceApplication', [Role.FUND_REVIEWER, Role.ADMIN]);
    return mutate(ctx, info, { action: 'disburseAssistanceApplication', resultType: APPLICATION }, async (tx) => {
      const { application, before, fund } = await lockApplication(tx, id);
      requireStatus(application, id, 'disbursed', [Status.APPROVED]);
      return decide(tx, application, before, fund, sql`"status" = 'DISBURSED', "disbursed_at" = now()`);
    });
  }

  @Mutation(() => AssistanceApplication, {
    description:
      'Withdraw an application not yet paid out (the applicant as PEER, or ADMIN); an approved award goes back to the fund (awardedCents stays as the record of what was awarded; figures count awards of APPROVED and DISBURSED applications only).',
  })
  withdrawAssistanceApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    requireRole(ctx, 'withdrawAssistanceApplication', [Role.PEER, Role.ADMIN]);
    return mutate(ctx, info, { action: 'withdrawAssistanceApplication', resultType: APPLICATION }, async (tx) => {
      const { application, before, fund } = await lockApplication(tx, id);
      requireStatus(application, id, 'withdrawn', [Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED, Status.APPROVED]);
      if (application.status === Status.APPROVED) {
        await tx.rows(`update "assistance_fund" set "committed_cents" = "committed_cents" - ? where id = ?`, [application.awarded_cents, fund.id]);
        await tx.audit('AssistanceFund', fund.id, fund as unknown as Record<string, unknown>, fund.jurisdiction_id);
      }
      return decide(tx, application, before, fund, sql`"status" = 'WITHDRAWN'`);
    });
  }
}
