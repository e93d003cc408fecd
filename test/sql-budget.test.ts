/**
 * The SQL every client operation costs, kept beside the tests (test/__sql__/<Operation>.sql) as PostGraphile keeps
 * its snapshots: a change in statements, or an extra query per row, shows up in review and fails here.
 */
import { getNamedType, isInterfaceType, isObjectType, Kind, print, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSchema } from '../src/domain/schema';
import { Role } from '../src/auth/viewer';
import { isSubscription, operationDocuments, operationVariables } from './operation-fixtures';
import { freezeToday, startTestHub, tokenFor, unfreezeToday, type TestHub } from './kit';

let hub: TestHub;

const fixtures = operationVariables;
/** The reads: a published mutation (RequestSupervision) writes, in a transaction the budget of reads does not cover. */
const documents = operationDocuments.filter(([, document]) => (document as DocumentNode).definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query'));

/** Sorted: batches of one level run concurrently, so the order they reach the database in varies from run to run. */
function formatSql(statements: string[]): string {
  const lines = statements.map((sql) => `${sql.replace(/\s+/g, ' ').trim()};`).sort();
  return `-- ${lines.length} statements (sorted)\n\n${lines.join('\n\n')}\n`;
}

/** A record type (implements Node) or a page of them: what a relation field returns. */
function isRecordOrPage(schema: GraphQLSchema, typeName: string): boolean {
  const type = schema.getType(typeName);
  if (isInterfaceType(type)) return type.name === 'Node';
  return isObjectType(type) && (type.getInterfaces().some((i) => i.name === 'Node') || typeName.endsWith('Connection'));
}

/**
 * Root fields of figures rather than records: the statements of their own, whatever the number of jurisdictions
 * or buckets (workforceMetrics one per area it reads); each record named in the figures (a bucket's jurisdiction,
 * a fund) costs one batched statement more.
 */
const FIGURE_STATEMENTS: Record<string, number> = { workforceMetrics: 4, workforceTimeSeries: 1, certificationStats: 1, jobPostingStats: 1 };

/**
 * The budget: a root field with D levels of nested relations and connections below it may cost D + 1
 * statements, and each selected totalCount one more.
 */
function statementBudget(schema: GraphQLSchema, document: DocumentNode): number {
  const typeInfo = new TypeInfo(schema);
  let budget = 0;
  let level = 0;
  const levels: number[] = [];
  let deepest = 0;
  let figures = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const named = getNamedType(typeInfo.getType());
          const relation = named != null && isRecordOrPage(schema, named.name) && (parent?.name === 'Query' || isRecordOrPage(schema, parent!.name)) && !['nodes', 'node'].includes(node.name.value);
          if (node.name.value === 'totalCount') budget++;
          if (parent?.name === 'Query') {
            level = 0;
            deepest = 0;
            figures = node.name.value in FIGURE_STATEMENTS;
            if (figures) budget += FIGURE_STATEMENTS[node.name.value];
          } else if (figures && named != null && isRecordOrPage(schema, named.name) && !isRecordOrPage(schema, parent!.name)) {
            budget++;
          } else if (relation) {
            level++;
            deepest = Math.max(deepest, level);
          }
          levels.push(relation && parent?.name !== 'Query' ? 1 : 0);
        },
        leave(node) {
          level -= levels.pop()!;
          if (typeInfo.getParentType()?.name === 'Query' && node.kind === Kind.FIELD && !figures) budget += deepest + 1;
        },
      },
    }),
  );
  return budget;
}

beforeAll(async () => {
  // the statements carry today's date (statuses as read): the snapshots are of one fixed day
  freezeToday('2026-12-04');
  hub = await startTestHub({ seedScale: 1 });
});
afterAll(async () => {
  await hub?.close();
  unfreezeToday();
});

describe('SQL per operation', () => {
  it('every operation of schema/operations has variables here', () => {
    expect(documents.length).toBeGreaterThanOrEqual(13);
    expect(documents.map(([name]) => name).filter((name) => !(name in fixtures))).toEqual([]);
  });

  it('leaves out only the published mutation and the subscriptions, for a stated reason', () => {
    const left = operationDocuments.filter(([name]) => !documents.some(([read]) => read === name));
    // a subscription runs through the multiplexer, once per change for all its subscribers, not per request
    expect(left.map(([name, document]) => [name, isSubscription(document) ? 'subscription' : 'mutation'])).toEqual(
      [['LiveCertificationStatus', 'subscription'], ['LiveOpenPostings', 'subscription'], ['LiveWorkforceDashboard', 'subscription'], ['RequestSupervision', 'mutation']],
    );
    // the live dashboard is the dashboard's query as a live query: WorkforceDashboard.sql is its statements
    const selection = (name: string) => print((operationDocuments.find(([n]) => n === name)![1].definitions[0] as OperationDefinitionNode).selectionSet);
    expect(selection('LiveWorkforceDashboard')).toBe(selection('WorkforceDashboard'));
  });

  for (const [name, document] of documents) {
    it(`${name} runs the statements in test/__sql__/${name}.sql`, async () => {
      const response = await hub.server.app.inject({
        method: 'POST',
        url: '/graphql',
        // as an administrator: the SQL without a role's scope conditions, which the benchmark's ceiling runs too
        headers: { 'content-type': 'application/json', 'x-hub-debug-sql': '1', authorization: `Bearer ${await tokenFor({ role: Role.ADMIN })}` },
        payload: { query: print(document), variables: fixtures[name] },
      });
      const body = response.json();
      expect(body.errors).toBeUndefined();
      expect(body.extensions.sql).toHaveLength(body.extensions.sqlStatements);
      // the snapshot holds each statement on one line, and the benchmark's ceiling runs it so: a line comment would
      // swallow the rest of the statement
      expect((body.extensions.sql as string[]).filter((sql) => /--\s/.test(sql))).toEqual([]);
      expect(body.extensions.sqlStatements).toBeLessThanOrEqual(statementBudget(await hubSchema(), document));
      await expect(formatSql(body.extensions.sql)).toMatchFileSnapshot(`__sql__/${name}.sql`);
    });
  }
});
