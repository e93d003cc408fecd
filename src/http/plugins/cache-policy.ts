/**
 * Cache hints: how long an answer stays fresh, from the types its document reads, sent as Cache-Control. Replaces
 * Apollo's cache-control plugin, which is disabled.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isCompositeType,
  isIntrospectionType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';

/**
 * Seconds an answer reading a type stays fresh: the cache hints. An answer's max-age is the smallest over every type
 * its document selects, at any depth; a type not listed (people, certifications, employments, applications, audit
 * records, the viewer, node/nodes) makes it 0, never cached. This is what `@cacheControl(maxAge: N)` on the types
 * would say; it is computed from the document before execution, once per document, so that resolving costs nothing
 * more (the root fields compile their whole selection to SQL, src/graphql/plan.ts).
 */
export const CACHE_HINTS: Readonly<Record<string, number>> = Object.freeze({
  // reference data: changes by migration or an administrator's edit
  Jurisdiction: 300,
  CertifyingBody: 300,
  CredentialType: 300,
  RequirementProfile: 300,
  FactSource: 300,
  // public records that change now and then
  Employer: 60,
  ServiceProgram: 60,
  TrainingOrganization: 60,
  TrainingEvent: 60,
  AssistanceFund: 60,
  // open postings come and go
  JobPosting: 30,
  // workforce figures and aggregates (small counts withheld for PUBLIC)
  WorkforceMetrics: 60,
  WorkforceTimeSeries: 60,
  CertificationStats: 60,
  JobPostingStats: 60,
});

/** Types that only carry what their parent field read (pages, buckets, figures): they take their parent's hint. */
const CARRIERS = new Set([
  'PageInfo',
  'CertificationBucket',
  'CertificationBucketKey',
  'CertificationStatsAvg',
  'CertificationStatsMax',
  'CertificationStatsMedian',
  'CertificationStatsMin',
  'CertificationStatsSum',
  'JobPostingBucket',
  'JobPostingBucketKey',
  'JobPostingStatsAvg',
  'JobPostingStatsMax',
  'JobPostingStatsMedian',
  'JobPostingStatsMin',
  'JobPostingStatsSum',
  'DateRange',
  'FundFigures',
  'JurisdictionSeries',
  'JurisdictionWorkforceFigures',
  'MetricCount',
  'MetricNumber',
  'MonthlyFigures',
  'WorkforceCoverage',
  'WorkforceFigures',
  'WorkforceTotals',
]);

function typeMaxAge(name: string): number | undefined {
  if (Object.hasOwn(CACHE_HINTS, name)) return CACHE_HINTS[name];
  if (CARRIERS.has(name)) return undefined;
  // the connection and edge of a type hold its records (and a totalCount of them, selected alone or not)
  const connection = /^(.+)(Connection|Edge)$/.exec(name);
  if (connection) return typeMaxAge(connection[1]);
  return 0;
}

/** The max-age of a query: the smallest hint of the types it selects (fragments included); 0 for other operations. */
export function documentMaxAge(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  if (operation.operation !== 'query') return 0;
  let maxAge = Infinity;
  const typeInfo = new TypeInfo(schema);
  // every fragment of the document counts, used or not: a hint can only be lowered by it
  const definitions = document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION);
  visit(
    { kind: Kind.DOCUMENT, definitions },
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (!type) {
          maxAge = 0;
          return;
        }
        const named = getNamedType(type);
        if (!isCompositeType(named)) return;
        const age = isIntrospectionType(named) ? 0 : typeMaxAge(named.name);
        if (age !== undefined) maxAge = Math.min(maxAge, age);
      },
    }),
  );
  // a query of __typename alone
  return maxAge === Infinity ? 0 : maxAge;
}

/**
 * The cache headers of an answer: `max-age=N, public` for N > 0 (only answers to callers without a token, without
 * errors, get one), `no-store` otherwise.
 */
export function cachePolicyHeaders(maxAge: number): [string, string][] {
  // a shared HTTP cache keeps an answer to a request without a token: it must not give it to one with a token
  return maxAge > 0 ? [['cache-control', `max-age=${maxAge}, public`], ['vary', 'authorization']] : [['cache-control', 'no-store']];
}

/**
 * Sets each query's cache policy before it runs: the document's max-age, scope PUBLIC, for callers without a token;
 * max-age 0 for callers with one (what they read depends on their token, and an HTTP cache must not keep it). Then
 * writes the cache-control header from it: `max-age=N, public` for a cacheable answer without errors, `no-store`
 * otherwise. This replaces Apollo's cache-control plugin, which is disabled: its per-field hook makes Apollo wrap
 * every resolver of the schema, a cost paid on every field of every request (removing it, with query costs and
 * tokens remembered, took a page of 50 employers from 1.8 to 1.1 ms of CPU under load).
 */
export function cachePolicyPlugin(): ApolloServerPlugin<HubContext> {
  const maxAges = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, operationName, schema, overallCachePolicy }) {
          if (contextValue.viewer.role !== Role.PUBLIC || !operation) {
            overallCachePolicy.restrict({ maxAge: 0 });
            return;
          }
          let byOperation = maxAges.get(document);
          if (!byOperation) maxAges.set(document, (byOperation = new Map()));
          const name = operationName ?? '';
          let maxAge = byOperation.get(name);
          if (maxAge === undefined) byOperation.set(name, (maxAge = documentMaxAge(schema, document, operation)));
          overallCachePolicy.restrict({ maxAge, scope: 'PUBLIC' });
        },
        async willSendResponse({ response, overallCachePolicy }) {
          const cacheable = overallCachePolicy.policyIfCacheable();
          const withoutErrors = response.body.kind === 'single' && !response.body.singleResult.errors;
          const maxAge = cacheable && withoutErrors ? cacheable.maxAge : 0;
          for (const [name, value] of cachePolicyHeaders(maxAge)) response.http.headers.set(name, value);
        },
      };
    },
  };
}
