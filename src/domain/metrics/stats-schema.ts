/**
 * The GraphQL side of grouped aggregates, made from a declaration (stats-sql.ts): the group-key enum, the bucket and
 * its key, one object per aggregate, the having input, the root query and its resolver.
 */
import 'reflect-metadata';
import { getNamedType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from '../../internals/graphql-collect-fields';
import { defineResolverMethod } from '../../internals/type-graphql-metadata';
import { Arg, Ctx, Field, FieldResolver, Float, InputType, Info, Int, ObjectType, Query, registerEnumType, Resolver, Root, type ClassType } from 'type-graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import type { HubContext } from '../../graphql/context';
import { badInput } from '../../errors';
import type { FilterInput } from '../../graphql/filter-sql';
import { filterOf, FloatFilter, IntFilter } from '../../graphql/filter-types';
import { resolvePlainly } from '../../graphql/plain-resolvers';
import { DateScalar } from '../../graphql/scalars';
import { Disclosure, SMALL_CELL_MAX } from './disclosure';
import {
  DATE_AGGREGATES,
  DEFAULT_BUCKETS,
  MAX_BUCKETS,
  NUMERIC_AGGREGATES,
  disclosureOf,
  publishedFilterFields,
  publishedGroupKeys,
  ROW,
  StatsOrder,
  statsStatement,
  type Aggregate,
  type BucketValue,
  type DateMeasureSpec,
  type HavingInput,
  type NumericMeasureSpec,
  type StatsDeclaration,
} from './stats-sql';

registerEnumType(StatsOrder, {
  name: 'StatsOrder',
  description: 'Order of the buckets of a grouped aggregate. Keys ascending (nulls last) break ties; a withheld count sorts with the nulls, last.',
  valuesConfig: {
    KEYS: { description: 'By the group keys in the order of groupBy, ascending (entity keys by their internal key, enums and text by their value, months and years by time), nulls last.' },
    COUNT_DESC: { description: 'Largest published count first; withheld counts last.' },
    COUNT_ASC: { description: 'Smallest published count first; withheld counts last.' },
  },
});

const WITHHELD = `null when the bucket is suppressed`;

const AGGREGATE_TYPE_NAME: Record<Aggregate, string> = { sum: 'Sum', avg: 'Avg', min: 'Min', max: 'Max', median: 'Median' };
const AGGREGATE_WORDS: Record<Aggregate, string> = {
  sum: 'sum',
  avg: 'mean (avg)',
  min: 'smallest or earliest value (min)',
  max: 'largest or latest value (max)',
  median: 'median',
};

function numericDescription(aggregate: Aggregate, measure: NumericMeasureSpec, declaration: StatsDeclaration): string {
  const { field, means } = measure;
  const { row, rows } = declaration;
  const computed = {
    sum: `Sum of ${field} over the bucket's ${rows}, in float8 (exact for whole numbers below 2^53)`,
    avg: `Mean of ${field} over the bucket's ${rows} that have one: their sum divided by their number, in float8`,
    min: `Smallest ${field} among the bucket's ${rows}`,
    max: `Largest ${field} among the bucket's ${rows}`,
    median: `Median of ${field} over the bucket's ${rows}: percentile_cont(0.5), the middle value, or the mean of the two middle values when their number is even`,
  }[aggregate];
  return `${computed}; ${WITHHELD}, or when no ${row} has one. ${field}: ${means}`;
}

function dateDescription(aggregate: 'min' | 'max', measure: DateMeasureSpec, declaration: StatsDeclaration): string {
  const { field, means } = measure;
  return `${aggregate === 'min' ? 'Earliest' : 'Latest'} ${field} among the bucket's ${declaration.rows} (YYYY-MM-DD); ${WITHHELD}, or when no ${declaration.row} has one. ${field}: ${means}`;
}

/** The measures the selection of a stats field asks for, as `aggregate.field`: fragments and aliases included. */
function selectedMeasures(info: GraphQLResolveInfo): Set<string> {
  const collect = (type: GraphQLObjectType, nodes: Parameters<typeof collectSubfields>[4]) =>
    collectSubfields(info.schema, info.fragments, info.variableValues, type, nodes);
  const statsType = getNamedType(info.returnType) as GraphQLObjectType;
  const bucketType = getNamedType(statsType.getFields().buckets.type) as GraphQLObjectType;
  const measures = new Set<string>();
  for (const [, bucketsNodes] of collect(statsType, info.fieldNodes)) {
    if (bucketsNodes[0].name.value !== 'buckets') continue;
    for (const [, aggregateNodes] of collect(bucketType, bucketsNodes)) {
      const aggregate = aggregateNodes[0].name.value;
      if (!(NUMERIC_AGGREGATES as readonly string[]).includes(aggregate)) continue;
      const aggregateType = getNamedType(bucketType.getFields()[aggregate].type) as GraphQLObjectType;
      for (const [, measureNodes] of collect(aggregateType, aggregateNodes)) {
        const field = measureNodes[0].name.value;
        if (field !== '__typename') measures.add(`${aggregate}.${field}`);
      }
    }
  }
  return measures;
}

export interface StatsResult {
  buckets: BucketValue[];
  hasMore: boolean;
}

interface StatsArgs {
  groupBy: readonly string[];
  filter?: FilterInput | null;
  having?: HavingInput | null;
  orderBy?: StatsOrder | null;
  first?: number | null;
}

async function resolveStats(declaration: StatsDeclaration, args: StatsArgs, ctx: HubContext, info: GraphQLResolveInfo): Promise<StatsResult> {
  const seen = new Set<string>();
  for (const key of args.groupBy) {
    if (seen.has(key)) throw badInput(`groupBy names ${key} more than once: name each key once`, { argument: 'groupBy', value: key });
    seen.add(key);
  }
  const first = args.first ?? DEFAULT_BUCKETS;
  if (!Number.isInteger(first) || first < 1 || first > MAX_BUCKETS) {
    throw badInput(`first must be from 1 to ${MAX_BUCKETS.toLocaleString('en-US')} buckets; got ${first}. Narrow the filter or group by fewer keys to get fewer buckets.`, {
      argument: 'first',
      limit: MAX_BUCKETS,
      value: first,
    });
  }
  const disclosure = new Disclosure(ctx.viewer);
  // before the filter is compiled: a refusal names the dimension, whatever the data
  const restricted = disclosureOf(declaration, disclosure, args.groupBy, args.filter);
  const statement = statsStatement(declaration, {
    groupBy: args.groupBy,
    filter: ctx.loaders.filterSql(declaration.type.name, args.filter, ROW),
    having: args.having,
    orderBy: args.orderBy ?? StatsOrder.KEYS,
    first,
    measures: selectedMeasures(info),
    covered: disclosure.coveredSql(declaration.jurisdiction, ctx.loaders.scope.rows(declaration.type.name, ROW)),
    restricted,
  });
  const rows = await ctx.sql.rows<Record<string, unknown>>(statement.sql, statement.bindings);
  return statement.answer(rows);
}

/**
 * Query cost (src/graphql/limits.ts): up to `first` buckets times what each selects, plus one. An out-of-range first
 * costs one bucket here, so that the resolver answers it with its own BAD_USER_INPUT.
 */
const statsComplexity: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = args.first ?? DEFAULT_BUCKETS;
  const buckets = Number.isInteger(first) && first >= 1 && first <= MAX_BUCKETS ? first : 1;
  return buckets * childComplexity + 1;
};

/**
 * The types, the root query and the resolver of one declaration. The returned class goes into the schema's
 * resolvers; the query itself runs as a plain graphql-js resolver (resolvePlainly), skipping type-graphql's
 * conversion of the filter into class instances.
 */
export function statsResolver(declaration: StatsDeclaration): ClassType {
  const name = declaration.type.name;
  const rows = declaration.rows;

  const GroupKey = Object.fromEntries(Object.keys(declaration.keys).map((key) => [key, key]));
  registerEnumType(GroupKey, {
    name: `${name}GroupKey`,
    description: `What ${rows} may be grouped by in ${declaration.query}.`,
    valuesConfig: Object.fromEntries(Object.entries(declaration.keys).map(([key, spec]) => [key, { description: spec.description }])),
  });

  @ObjectType(`${name}BucketKey`, {
    simpleResolvers: true,
    description: `The values a bucket of ${rows} shares: one field per group key; null when not grouped by it, or when the ${rows} of the bucket have no value for it.`,
  })
  class BucketKey {}
  const entityKeys = Object.values(declaration.keys).filter((spec) => spec.entity);
  for (const spec of Object.values(declaration.keys)) {
    if (!spec.entity) Field(spec.type as never, { nullable: true, description: spec.description })(BucketKey.prototype, spec.field);
  }

  const aggregateTypes = {} as Record<Aggregate, ClassType>;
  for (const aggregate of NUMERIC_AGGREGATES) {
    @ObjectType(`${name}Stats${AGGREGATE_TYPE_NAME[aggregate]}`, {
      simpleResolvers: true,
      description: `The ${AGGREGATE_WORDS[aggregate]} of each measure over the ${rows} of a bucket; every field is null when the bucket is suppressed.`,
    })
    class AggregateType {}
    for (const measure of declaration.numeric) {
      Field(() => Float, { nullable: true, description: numericDescription(aggregate, measure, declaration) })(AggregateType.prototype, measure.field);
    }
    if ((DATE_AGGREGATES as readonly string[]).includes(aggregate)) {
      for (const measure of declaration.dates) {
        Field(() => DateScalar, { nullable: true, description: dateDescription(aggregate as 'min' | 'max', measure, declaration) })(AggregateType.prototype, measure.field);
      }
    }
    aggregateTypes[aggregate] = AggregateType;
  }

  @ObjectType(`${name}Bucket`, { simpleResolvers: true, description: `The ${rows} that share the values of its key, and figures over them.` })
  class Bucket {
    @Field(() => BucketKey, { description: 'The values the bucket shares.' })
    key!: Record<string, unknown>;

    @Field(() => Int, {
      nullable: true,
      description: `How many ${rows} match the filter and share the key. Null (suppressed: true) when it is 1 to ${SMALL_CELL_MAX} and the caller has no analyst rights over the jurisdiction of every one of them, or when it is withheld so that no such count can be worked out from a margin (complementary suppression); 0 only for the single bucket of an empty groupBy.`,
    })
    count!: number | null;

    @Field(() => Boolean, {
      description: `True when the count and every figure of the bucket are withheld under the small-count rule (1 to ${SMALL_CELL_MAX} records, or a complement of such a bucket). For a caller without analyst rights over every jurisdiction the request touches, a withheld bucket also shows no key (every key field null) and comes after the buckets shown.`,
    })
    suppressed!: boolean;
  }
  for (const aggregate of NUMERIC_AGGREGATES) {
    Field(() => aggregateTypes[aggregate], { description: `The ${AGGREGATE_WORDS[aggregate]} of each measure (each computed only when selected).` })(Bucket.prototype, aggregate);
  }

  @ObjectType(`${name}Stats`, { simpleResolvers: true, description: `Grouped aggregates of ${rows}: one bucket per combination of the group keys that occurs.` })
  class Stats {
    @Field(() => [Bucket], { description: 'The buckets, in the order asked for, at most first of them.' })
    buckets!: BucketValue[];

    @Field(() => Boolean, { description: 'True when more buckets follow the ones returned: ask again with a larger first (up to 10,000), a narrower filter or fewer keys.' })
    hasMore!: boolean;
  }

  @InputType(`${name}NumericHaving`, { description: `Conditions on one aggregate of the numeric measures of ${rows}; side by side, all must hold.` })
  class NumericHaving {}
  for (const measure of declaration.numeric) {
    Field(() => FloatFilter, { nullable: true, description: `On ${measure.field}: ${measure.means}` })(NumericHaving.prototype, measure.field);
  }

  @InputType(`${name}StatsHaving`, {
    description: `Conditions on the published figures of a bucket of ${rows}; side by side, all must hold. They never see a withheld figure: a suppressed bucket has a null count and null measures, which no comparison matches (isNull: true and notIn match them as null, whatever the figure withheld).`,
  })
  class Having {
    @Field(() => IntFilter, { nullable: true, description: 'On the published count.' })
    count?: FilterInput;
  }
  for (const aggregate of NUMERIC_AGGREGATES) {
    Field(() => NumericHaving, { nullable: true, description: `On the ${AGGREGATE_WORDS[aggregate]} of the numeric measures.` })(Having.prototype, aggregate);
  }

  class StatsResolver {
    @Query(() => Stats, {
      name: declaration.query,
      complexity: statsComplexity,
      description: `Grouped aggregates of ${rows}, computed in the database in one statement (plus one per entity key field selected). Aggregates count every ${declaration.row} matching the filter, whoever asks; a count from 1 to ${SMALL_CELL_MAX} comes back null with suppressed: true unless the caller has analyst rights over the jurisdiction of every ${declaration.row} of its bucket (ADMIN everywhere, STATE_ANALYST in their jurisdictions). A caller without analyst rights over every jurisdiction the filter keeps to (jurisdiction: { code: { eq | in } }) groups and filters on the published dimensions only (${publishedGroupKeys(declaration).join(', ')}; filter fields ${publishedFilterFields(declaration).join(', ')}, days by whole months)${declaration.openRows ? `, unless the filter keeps to ${declaration.openRows.field} ${declaration.openRows.values.join(', ')} (${declaration.rows} anyone may list)` : ''}, or is refused with BAD_USER_INPUT naming the dimension; its withheld buckets show no key, and a further bucket is withheld wherever a margin would give a withheld count away.`,
    })
    stats(
      @Arg('groupBy', () => [GroupKey], { description: 'The keys to group by, each at most once; an empty list makes one bucket of every matching row.' }) groupBy: string[],
      @Arg('filter', () => filterOf(declaration.type), { nullable: true, description: `Only the ${rows} that meet these conditions: the filter the ${rows} connection takes.` }) filter: FilterInput | null,
      @Arg('having', () => Having, { nullable: true, description: 'Only the buckets whose published figures meet these conditions.' }) having: HavingInput | null,
      @Arg('orderBy', () => StatsOrder, { nullable: true, defaultValue: StatsOrder.KEYS, description: 'Order of the buckets.' }) orderBy: StatsOrder | null,
      @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_BUCKETS, description: `How many buckets to return, from 1 to ${MAX_BUCKETS.toLocaleString('en-US')}; hasMore says whether more follow.` }) first: number | null,
      @Ctx() ctx: HubContext,
      @Info() info: GraphQLResolveInfo,
    ): Promise<StatsResult> {
      return resolveStats(declaration, { groupBy, filter, having, orderBy, first }, ctx, info);
    }
  }
  Object.defineProperty(StatsResolver, 'name', { value: `${name}StatsResolver` });
  // once per request, without type-graphql's conversion of the filter into class instances
  resolvePlainly('Query', declaration.query, StatsResolver, 'stats');

  // entity keys resolve to their rows through the loaders: one statement per key field, whatever the number of buckets
  for (const spec of entityKeys) {
    const typeName = (spec.type() as Function).name;
    const resolve = (key: Record<string, unknown>, ctx: HubContext, info: GraphQLResolveInfo) => {
      const id = key[spec.field];
      return id == null ? null : ctx.loaders.byId(typeName, id as number, info);
    };
    defineResolverMethod(StatsResolver, spec.field, resolve, [Root(), Ctx(), Info()], FieldResolver(spec.type as never, { nullable: true, description: spec.description }));
  }
  Resolver(() => BucketKey)(StatsResolver);
  return StatsResolver as ClassType;
}
