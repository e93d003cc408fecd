import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Resolver, Subscription } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { declareLive, servedByMultiplexer } from '../../graphql/live';
import { workforceTimeSeries, WorkforceSeriesFilter, WorkforceTimeSeries } from './series';
import { workforceMetrics, WorkforceMetrics, WorkforceMetricsFilter } from './workforce';

/**
 * The dashboards' figures as live queries: the answer as the subscription starts, then a new one whenever a change
 * of the data makes it differ from the last sent (changes are gathered for LIVE_DEBOUNCE_MS first). Subscribers of the
 * same document, variables and scope share each run.
 */
@Resolver()
export class LiveMetricsResolver {
  @Subscription(() => WorkforceMetrics, {
    name: 'workforceMetrics',
    subscribe: servedByMultiplexer,
    description: 'workforceMetrics as a live query: the figures now, then again each time they change. The same rules of disclosure apply.',
  })
  liveWorkforceMetrics(
    @Arg('filter', () => WorkforceMetricsFilter, { nullable: true }) filter: WorkforceMetricsFilter | null,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<WorkforceMetrics> {
    return workforceMetrics(ctx, filter, info);
  }

  @Subscription(() => WorkforceTimeSeries, {
    name: 'workforceTimeSeries',
    subscribe: servedByMultiplexer,
    description: 'workforceTimeSeries as a live query: the series now, then again each time it changes. The same rules of disclosure apply.',
  })
  liveWorkforceTimeSeries(@Arg('filter', () => WorkforceSeriesFilter) filter: WorkforceSeriesFilter, @Ctx() ctx: HubContext): Promise<WorkforceTimeSeries> {
    return workforceTimeSeries(ctx, filter);
  }
}

declareLive('workforceMetrics', { query: true });
declareLive('workforceTimeSeries', { query: true });
