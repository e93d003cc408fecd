import { FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Row } from '../../graphql/loaders';
import { fieldNeeds } from '../../graphql/plan';
import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne } from '../../graphql/relations';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { AssistanceApplication, AssistanceFund } from './entities';
import { fundOpenOn } from './open';

@Resolver(() => AssistanceFund)
export class AssistanceFundResolver extends entityResolver(AssistanceFund, {
  byId: 'assistanceFund',
  list: 'assistanceFunds',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    applications: toMany(() => AssistanceApplication, 'fund'),
  },
}) {
  @FieldResolver(() => Int, { description: 'Budget not yet awarded, in cents: budgetCents - committedCents (never negative).' })
  remainingCents(@Root() row: Row): number {
    return (row.budgetCents as number) - (row.committedCents as number);
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether the fund takes applications today (UTC): opensOn is today or earlier, and closesOn, if set, is today or later.',
  })
  openToday(@Root() row: Row): boolean {
    return fundOpenOn(row.opensOn, row.closesOn);
  }
}

fieldNeeds(AssistanceFund, 'remainingCents', { columns: ['budgetCents', 'committedCents'] });
fieldNeeds(AssistanceFund, 'openToday', { columns: ['opensOn', 'closesOn'] });

export const AssistanceApplicationResolver = entityResolver(AssistanceApplication, {
  byId: 'assistanceApplication',
  list: 'assistanceApplications',
  relations: {
    fund: toOne(() => AssistanceFund, 'fund'),
    applicant: toOne(() => PeerSpecialist, 'applicant'),
  },
});
