import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Resolver, Root, Subscription, type ClassType } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { filterOf } from '../../graphql/filter-types';
import { declareLive, liveEvent, NotForSubscriber, servedByMultiplexer, type LiveRoot } from '../../graphql/live';
import type { FilterInput } from '../../graphql/filter-sql';
import type { Row } from '../../graphql/loaders';
import { resolvePlainly } from '../../graphql/plain-resolvers';
import { HubEventType } from '../events/enums';
import { JobPosting } from './entities';

/** The posting of the event as the subscriber reads it, when it meets their saved search; nothing is sent otherwise. */
async function postingOfEvent(root: LiveRoot, filter: FilterInput | null, ctx: HubContext, info: GraphQLResolveInfo): Promise<Row> {
  const row = await ctx.loaders.byIdWhere(JobPosting.name, liveEvent(root).entityKey, filter, info);
  if (!row) throw new NotForSubscriber();
  return row;
}

@Resolver()
export class JobPostingSubscriptionResolver {
  @Subscription(() => JobPosting, {
    subscribe: servedByMultiplexer,
    description:
      'A job posting as it is published (becomes OPEN), when it meets the filter: a job board\'s saved search. Each posting is sent as the subscriber would read it with a query, so only postings they may read.',
  })
  jobPostingPublished(
    @Root() root: LiveRoot,
    @Arg('filter', () => filterOf(JobPosting) as ClassType, { nullable: true }) filter: FilterInput | null,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row> {
    return postingOfEvent(root, filter, ctx, info);
  }

  @Subscription(() => JobPosting, {
    subscribe: servedByMultiplexer,
    description:
      'A job posting as it changes in any way (edited, published, paused, filled, closed, expired), as it reads after the change, when it then meets the filter. A posting that leaves the filter (closed, for a filter on status OPEN) is not sent: subscribe without that condition to hear of it.',
  })
  jobPostingChanged(
    @Root() root: LiveRoot,
    @Arg('filter', () => filterOf(JobPosting) as ClassType, { nullable: true }) filter: FilterInput | null,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row> {
    return postingOfEvent(root, filter, ctx, info);
  }
}

declareLive('jobPostingPublished', { events: [HubEventType.JOB_POSTING_PUBLISHED] });
declareLive('jobPostingChanged', { events: [HubEventType.JOB_POSTING_CHANGED] });
resolvePlainly('Subscription', 'jobPostingPublished', JobPostingSubscriptionResolver, 'jobPostingPublished');
resolvePlainly('Subscription', 'jobPostingChanged', JobPostingSubscriptionResolver, 'jobPostingChanged');
