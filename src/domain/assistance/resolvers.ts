import { FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Row } from '../../graphql/loaders';
import { fieldNeeds } from '../../graphql/plan';
import { entityResolver, toMany, toOne } from '../../graphql/relations';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { AssistanceApplication, AssistanceFund } from './entities';

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
}

fieldNeeds(AssistanceFund, 'remainingCents', { columns: ['budgetCents', 'committedCents'] });

export const AssistanceApplicationResolver = entityResolver(AssistanceApplication, {
  byId: 'assistanceApplication',
  list: 'assistanceApplications',
  relations: {
    fund: toOne(() => AssistanceFund, 'fund'),
    applicant: toOne(() => PeerSpecialist, 'applicant'),
  },
});
