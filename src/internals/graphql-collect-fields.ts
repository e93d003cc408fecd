/**
 * graphql-js's own field collection: fragments, inline fragments, type conditions, @skip and @include, exactly as
 * execution will see them. Exported by the package, though not from its index: the read planner (src/graphql/plan.ts)
 * and grouped aggregates (src/domain/metrics/stats-schema.ts) plan from it, and subscriptions find their root field with
 * it (src/http/live/server.ts). Tested in test/internals.test.ts.
 */
export { collectFields, collectSubfields } from 'graphql/execution/collectFields';
