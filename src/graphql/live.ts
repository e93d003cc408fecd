/**
 * Subscription fields (docs/live.md). The live multiplexer (src/http/live/) runs a subscription document once per
 * change for every subscriber of the same document, variables and scope, the way graphql-js maps a source event to
 * a response: `execute` with the event as the root value. A field declares here what it runs on: hub events of some
 * types (one answer per event the subscriber may read and that meets its filter), or every change of the data (a
 * live query: an answer when the figures it reads differ from the last it sent).
 */
import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  valueFromAST,
} from 'graphql';
import type { HubEventMessage } from '../cache/hub-events';
import { ErrorCode } from '../errors';

export interface LiveFieldSpec {
  /** Runs once per hub event of these types (HubEventType). */
  events?: readonly string[];
  /** Runs when any data changes (debounced), and once as the subscription starts. */
  query?: true;
}

/** The root value of a live execution: the event it runs for, or none for a live query. */
export interface LiveRoot {
  event?: HubEventMessage;
}

const fields = new Map<string, LiveFieldSpec>();

/** Declares what a Subscription field runs on; a subscription field left undeclared fails at start (liveSpecOf). */
export function declareLive(field: string, spec: LiveFieldSpec): void {
  if (!spec.events?.length === !spec.query) throw new Error(`${field}: a live field runs on events or as a live query, one of the two`);
  fields.set(field, spec);
}

export function liveSpecOf(field: string): LiveFieldSpec | undefined {
  return fields.get(field);
}

/**
 * Thrown by a field whose event is not for this subscriber (out of its scope, or not meeting its filter): nothing is
 * sent. The read tells nothing either way: the row is absent whether it does not match or may not be read.
 */
export class NotForSubscriber extends Error {
  constructor() {
    super('the event is not for this subscriber');
  }
}

/** The event a field runs for; over HTTP there is none, and the answer says where subscriptions are served. */
export function liveEvent(root: LiveRoot | undefined): HubEventMessage {
  if (!root?.event) throw notOverHttp();
  return root.event;
}

export function notOverHttp(): GraphQLError {
  return new GraphQLError(
    'Subscriptions are served over WebSocket at /graphql (subprotocol graphql-transport-ws, the graphql-ws library); over HTTP, ask with a query.',
    { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } },
  );
}

/**
 * The `subscribe` of every Subscription field: graphql-js's own subscribe() is not how the hub serves them (the
 * multiplexer executes per change), so a call means a subscription reached a path that does not serve them.
 */
export function servedByMultiplexer(): never {
  throw notOverHttp();
}

/**
 * type-graphql builds no Subscription type without a PubSub, though every field here brings its own subscribe
 * (servedByMultiplexer): a field declared with topics instead is refused here, at its first use.
 */
export const topicsRefused = {
  publish(): void {
    throw new Error('the hub publishes no topics: changes reach subscriptions through hub events (src/graphql/live.ts)');
  },
  subscribe(routingKey: string): AsyncIterable<unknown> {
    throw new Error(`a Subscription field subscribed to topic ${routingKey}: declare what it runs on with declareLive (src/graphql/live.ts)`);
  },
};

/** Fails unless every Subscription field of the schema declared what it runs on. */
export function requireLiveSpecs(schema: GraphQLSchema): void {
  for (const field of Object.keys(schema.getSubscriptionType()?.getFields() ?? {})) {
    if (!fields.has(field)) throw new Error(`Subscription.${field} declares no events or live query: call declareLive (src/graphql/live.ts)`);
  }
}

/**
 * The entity types a document may read rows of: those its fields return, and those the filters it is sent with reach
 * (`employer: { name: ... }` inside a posting filter reads employers). What the rows of a subscription depend on in a
 * scope is its conditions on these types (Scope.keyFor).
 */
export function typesRead(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, isEntity: (name: string) => boolean): string[] {
  const found = new Set<string>();
  const addValue = (type: GraphQLInputType, value: unknown) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || value === null || typeof value !== 'object') return;
    const entity = named.name.replace(/(List)?Filter$/, '');
    if (entity !== named.name && isEntity(entity)) found.add(entity);
    const fields = named.getFields();
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || typeof item !== 'object') continue;
      for (const [name, inner] of Object.entries(item as Record<string, unknown>)) if (fields[name]) addValue(fields[name].type, inner);
    }
  };
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field() {
      const type = typeInfo.getType();
      const named = type ? getNamedType(type) : null;
      if (named && isEntity(named.name)) found.add(named.name);
    },
    Argument(node) {
      const type = typeInfo.getArgument()?.type;
      if (type) addValue(type, valueFromAST(node.value, type, variables));
    },
  }));
  return [...found];
}
