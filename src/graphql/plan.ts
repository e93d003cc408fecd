import { getArgumentValues, getNamedType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from '../internals/graphql-collect-fields';
import type { Scope } from '../auth/scope';
import type { Catalog } from './catalog';
import { rowKeyOfRelation } from './catalog';
import { pageRequest, type PageRequest } from './connection';
import { FilterTranslator, type FilterSql } from './filter-sql';
import { keysetSql, type KeysetSql } from './keyset';
import { registeredTypesByName, relationsOf, type Relation } from './relations';
import { RELEVANCE } from './search';
import { DISTANCE, locationOf } from './near';

/** What planning reads of a resolver's info. */
export type Selection = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues' | 'fieldNodes'>;

/** The rows of one type a selection needs, and the related rows to fetch with them. */
export interface SelectionPlan {
  typeName: string;
  /** Table alias in the compiled statement; unique within a request. */
  alias: string;
  /** Row keys to select: scalar properties and `<relation>Id` keys; `id` always. */
  columns: Set<string>;
  relations: RelationFetch[];
}

/** One relation selected on a plan's rows, fetched in the same statement as them. */
export interface RelationFetch {
  /** Where the fetched value sits on each parent row. */
  key: string;
  relation: Relation;
  ownerType: string;
  targetType: string;
  /** The page of a connection (many, owners); null for one row or a short list. */
  page: PageRequest | null;
  filter: FilterSql | null;
  keyset: KeysetSql | null;
  /** Whether rows are needed: a connection selected for its totalCount alone needs none. */
  rows: boolean;
  count: boolean;
  child: SelectionPlan;
  /** Bad arguments of this field: thrown when the field resolves, so that the error carries the field's path. */
  error: unknown;
}

/** Where the count of a connection's rows sits beside its rows. */
export const countKey = (key: string) => `${key}#`;

/** What a field computed from the row (not a column, not a relation) reads: so that the plan selects it. */
export interface FieldNeeds {
  /** Row keys it reads; 'all' for every column. */
  columns: string[] | 'all';
  /** To-one relations it reads, with every column, at neededRelationKey(relation) on the row. */
  relations?: string[];
}

const needsByType = new Map<string, Map<string, FieldNeeds>>();

/**
 * Declares what a derived field reads, beside its resolver. Undeclared derived fields get every column. A field
 * named like a column whose resolver reads more than that column (JobPosting.status) declares the rest the same way.
 */
export function fieldNeeds(type: Function, field: string, needs: FieldNeeds): void {
  const fields = needsByType.get(type.name) ?? new Map<string, FieldNeeds>();
  fields.set(field, needs);
  needsByType.set(type.name, fields);
}

/** The row key of a to-one relation a derived field declared it needs (a GraphQL name has no dot: no response key is one). */
export const neededRelationKey = (relation: string) => `@needs.${relation}`;

/** Fields every type answers without a column: the global id is made from `id`, which is always selected. */
const WITHOUT_COLUMNS = new Set(['id', '__typename']);

function entityType(typeName: string): Function {
  const type = registeredTypesByName().get(typeName);
  if (!type) throw new Error(`${typeName} has no declared relations`);
  return type;
}

/**
 * Plans the reads of one request: which columns of which rows, and which related rows to fetch with them, from the
 * selections the client sent. Every plan is compiled into one statement (see select-sql.ts), so a query costs one
 * statement per root field, whatever its depth and page sizes (plus one per root totalCount).
 */
export class Planner {
  private readonly fetches = new Map<FieldNode, RelationFetch>();
  private readonly plans = new Map<FieldNode, Map<string, SelectionPlan>>();
  private readonly usedKeys = new Set<string>();
  private aliases = 0;

  constructor(private readonly catalog: Catalog, private readonly scope: Scope, private readonly maxPageSize: number) {}

  /** The fetch planned for a relation field, by the field's first node (as graphql-js passes it to the resolver). */
  fetchOf(node: FieldNode): RelationFetch | undefined {
    return this.fetches.get(node);
  }

  /** The plan of the `typeName` rows a root field returns; the same plan for the same field and type. */
  plan(typeName: string, selection: Selection): SelectionPlan {
    return this.cached(typeName, selection, () => this.planType(typeName, selection, [selection.fieldNodes]));
  }

  /** The plan of the `typeName` rows of a root connection: what its nodes and edges select. */
  planConnection(typeName: string, selection: Selection, connectionType: GraphQLObjectType): SelectionPlan {
    return this.cached(typeName, selection, () => {
      return this.planType(typeName, selection, this.connectionSelection(connectionType, selection.fieldNodes, selection).rowGroups);
    });
  }

  private cached(typeName: string, selection: Selection, make: () => SelectionPlan): SelectionPlan {
    const node = selection.fieldNodes[0];
    let byType = this.plans.get(node);
    if (!byType) this.plans.set(node, (byType = new Map()));
    let plan = byType.get(typeName);
    if (!plan) byType.set(typeName, (plan = make()));
    return plan;
  }

  /**
   * What a connection field selects: rows (nodes, edges or pageInfo), its count, and the selections of its rows, a
   * group per field that graphql-js executes on its own (each `nodes` and each `edges { node }`).
   */
  private connectionSelection(connectionType: GraphQLObjectType, nodes: readonly FieldNode[], selection: Selection) {
    const result = { rows: false, count: false, rowGroups: [] as (readonly FieldNode[])[] };
    for (const [, subNodes] of collectSubfields(selection.schema, selection.fragments, selection.variableValues, connectionType, nodes)) {
      const name = subNodes[0].name.value;
      if (name === 'totalCount') result.count = true;
      else if (name === 'pageInfo') result.rows = true;
      else if (name === 'nodes') {
        result.rows = true;
        result.rowGroups.push(subNodes);
      } else if (name === 'edges') {
        result.rows = true;
        const edgeType = getNamedType(connectionType.getFields().edges.type);
        if (!isObjectType(edgeType)) continue;
        for (const [, edgeNodes] of collectSubfields(selection.schema, selection.fragments, selection.variableValues, edgeType, subNodes)) {
          if (edgeNodes[0].name.value === 'node') result.rowGroups.push(edgeNodes);
        }
      }
    }
    return result;
  }

  private newPlan(typeName: string): SelectionPlan {
    return { typeName, alias: `t${this.aliases++}`, columns: new Set(['id']), relations: [] };
  }

  /**
   * One plan for the rows that several selections read (a connection's nodes and its edges' node): graphql-js
   * executes each of them apart, so a relation selected in each is fetched for each, by its own field node.
   */
  private planType(typeName: string, selection: Selection, groups: readonly (readonly FieldNode[])[]): SelectionPlan {
    const plan = this.newPlan(typeName);
    const objectType = selection.schema.getType(typeName) as GraphQLObjectType;
    const shape = this.catalog.get(typeName);
    const relations = relationsOf(entityType(typeName));
    const planned = new Set<FieldNode>();
    // what column fields with a resolver of their own read besides their column, added once the selection's own
    // columns are in (so that a selection naming those columns keeps its order)
    const columnNeeds: FieldNeeds[] = [];
    for (const fieldNodes of groups) {
      for (const [responseKey, nodes] of collectSubfields(selection.schema, selection.fragments, selection.variableValues, objectType, fieldNodes)) {
        const name = nodes[0].name.value;
        const relation = relations[name];
        if (relation) {
          // a fragment spread under both nodes and edges selects the very same field: fetch it once
          if (planned.has(nodes[0])) continue;
          planned.add(nodes[0]);
          plan.relations.push(this.planRelation(typeName, objectType, relation, responseKey, nodes, selection));
          if (relation.kind === 'one') plan.columns.add(rowKeyOfRelation(relation.via));
        } else if (shape.columns.has(name)) {
          plan.columns.add(name);
          const needs = needsByType.get(typeName)?.get(name);
          if (needs) columnNeeds.push(needs);
        } else if (name === DISTANCE && locationOf(typeName)) {
          // read beside the row by the page of a connection with near (keyset.ts); null elsewhere
        } else if (!WITHOUT_COLUMNS.has(name)) {
          this.addNeeds(plan, needsByType.get(typeName)?.get(name) ?? { columns: 'all' }, relations);
        }
      }
    }
    for (const needs of columnNeeds) this.addNeeds(plan, needs, relations);
    return plan;
  }

  private addNeeds(plan: SelectionPlan, needs: FieldNeeds, relations: Record<string, Relation>) {
    const shape = this.catalog.get(plan.typeName);
    for (const column of needs.columns === 'all' ? shape.rowColumns.keys() : needs.columns) plan.columns.add(column);
    for (const name of needs.relations ?? []) {
      const key = neededRelationKey(name);
      const relation = relations[name];
      if (relation?.kind !== 'one') throw new Error(`${plan.typeName}.${name} is not a to-one relation`);
      if (plan.relations.some((fetch) => fetch.key === key)) continue;
      const targetType = relation.target().name;
      const child = this.newPlan(targetType);
      for (const column of this.catalog.get(targetType).rowColumns.keys()) child.columns.add(column);
      plan.columns.add(rowKeyOfRelation(relation.via));
      plan.relations.push({ key, relation, ownerType: plan.typeName, targetType, page: null, filter: null, keyset: null, rows: true, count: false, child, error: null });
    }
  }

  /** A key for the fetched value that no other field of the request uses: the response key, made unique. */
  private keyFor(responseKey: string): string {
    let key = `@${responseKey}`;
    for (let n = 2; this.usedKeys.has(key); n++) key = `@${responseKey}~${n}`;
    this.usedKeys.add(key);
    return key;
  }

  private planRelation(ownerType: string, objectType: GraphQLObjectType, relation: Relation, responseKey: string, nodes: readonly FieldNode[], selection: Selection): RelationFetch {
    const existing = this.fetches.get(nodes[0]);
    const key = existing?.key ?? this.keyFor(responseKey);
    const targetType = relation.target().name;
    const field = objectType.getFields()[nodes[0].name.value];
    const fetch: RelationFetch = { key, relation, ownerType, targetType, page: null, filter: null, keyset: null, rows: true, count: false, child: null!, error: null };
    this.fetches.set(nodes[0], fetch);
    if (relation.kind === 'one' || relation.kind === 'targets') {
      fetch.child = this.planType(targetType, selection, [nodes]);
      return fetch;
    }

    const connection = this.connectionSelection(getNamedType(field.type) as GraphQLObjectType, nodes, selection);
    fetch.rows = connection.rows;
    fetch.count = connection.count;
    fetch.child = this.planType(targetType, selection, connection.rowGroups);
    try {
      const args = getArgumentValues(field, nodes[0], selection.variableValues);
      fetch.page = pageRequest(targetType, args, this.maxPageSize);
      fetch.filter = this.filter(targetType, fetch.page, fetch.child.alias);
      fetch.keyset = keysetSql(this.catalog.get(targetType), fetch.page, fetch.child.alias);
      // cursors and the order of the fetched rows read the order's values
      for (const term of fetch.page.order) if (term.property !== RELEVANCE && term.property !== DISTANCE) fetch.child.columns.add(term.property);
    } catch (error) {
      fetch.error = error;
    }
    return fetch;
  }

  /** A page's filter as SQL on its rows' alias. */
  filter(typeName: string, page: PageRequest, alias: string): FilterSql | null {
    return FilterTranslator.compile(this.catalog, registeredTypesByName(), this.scope, typeName, page.filter, alias);
  }
}
