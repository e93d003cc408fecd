import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Info, ObjectType, Resolver, Root, Subscription, type ClassType } from 'type-graphql';
import type { HubEventMessage } from '../../cache/hub-events';
import type { HubContext } from '../../graphql/context';
import type { FilterInput } from '../../graphql/filter-sql';
import { filterOf } from '../../graphql/filter-types';
import { declareLive, liveEvent, NotForSubscriber, servedByMultiplexer, type LiveRoot } from '../../graphql/live';
import type { Row } from '../../graphql/loaders';
import { resolvePlainly } from '../../graphql/plain-resolvers';
import { DateTimeScalar } from '../../graphql/scalars';
import { HubEventType } from '../events/enums';
import { Certification } from './entities';
import { CertificationStatus } from './enums';

@ObjectType({ description: 'A certification recorded, or whose status changed: the certification as it reads now, and the status it had before.' })
export class CertificationStatusChange {
  @Field(() => CertificationStatus, { nullable: true, description: 'The status stored before the change; null for a certification just recorded.' })
  previousStatus!: CertificationStatus | null;

  @Field(() => DateTimeScalar, { description: 'When the change was written.' })
  occurredAt!: string;

  event!: HubEventMessage;
  filter!: FilterInput | null;
}

@Resolver(() => CertificationStatusChange)
export class CertificationSubscriptionResolver {
  @Subscription(() => CertificationStatusChange, {
    subscribe: servedByMultiplexer,
    description:
      'Certifications as they are recorded or change status (issued, renewed, lapsed, suspended, revoked...), by a workflow, the daily status sweep or a roster import, when they meet the filter: for analysts. Each is sent as the subscriber would read it with a query, so only certifications they may read.',
  })
  certificationStatusChanged(
    @Root() root: LiveRoot,
    @Arg('filter', () => filterOf(Certification) as ClassType, { nullable: true }) filter: FilterInput | null,
  ): CertificationStatusChange {
    const event = liveEvent(root);
    const change = new CertificationStatusChange();
    change.previousStatus = (event.data.previousStatus as CertificationStatus | null | undefined) ?? null;
    change.occurredAt = new Date(event.occurredAt).toISOString();
    change.event = event;
    change.filter = filter;
    return change;
  }

  @FieldResolver(() => Certification, { description: 'The certification as it reads now (its status as of today).' })
  async certification(@Root() change: CertificationStatusChange, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row> {
    const row = await ctx.loaders.byIdWhere(Certification.name, change.event.entityKey, change.filter, info);
    if (!row) throw new NotForSubscriber();
    return row;
  }
}

declareLive('certificationStatusChanged', { events: [HubEventType.CERTIFICATION_STATUS_CHANGED] });
resolvePlainly('Subscription', 'certificationStatusChanged', CertificationSubscriptionResolver, 'certificationStatusChanged');
