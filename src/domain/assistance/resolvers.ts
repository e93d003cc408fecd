import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { connectionOf, pageArgsOf, type ConnectionArgs } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { childrenOf, listedNodeResolver, parentOf } from '../../graphql/node-resolver';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { AssistanceApplication, AssistanceFund } from './entities';

@Resolver(() => AssistanceFund)
export class AssistanceFundResolver extends listedNodeResolver(AssistanceFund, 'assistanceFund', 'assistanceFunds') {
  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => Int, { description: 'Budget not yet awarded, in cents: budgetCents - committedCents (never negative).' })
  remainingCents(@Root() row: Row): number {
    return (row.budgetCents as number) - (row.committedCents as number);
  }

  @FieldResolver(() => connectionOf(AssistanceApplication))
  applications(@Root() row: Row, @Args(() => pageArgsOf(AssistanceApplication)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, AssistanceApplication, 'fund', row.id, args);
  }
}

@Resolver(() => AssistanceApplication)
export class AssistanceApplicationResolver extends listedNodeResolver(AssistanceApplication, 'assistanceApplication', 'assistanceApplications') {
  @FieldResolver(() => AssistanceFund)
  fund(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, AssistanceFund, row.fundId);
  }

  @FieldResolver(() => PeerSpecialist)
  applicant(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.applicantId);
  }
}
