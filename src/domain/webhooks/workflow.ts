import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, InputType, Info, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import { badInput, invalidTransition } from '../../errors';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { mutate, requireRole, type MutationTx } from '../../graphql/mutation';
import { httpUrlArgument } from '../../graphql/urls';
import { textArray } from '../../sql/runner';
import { HubEventType } from '../events/enums';
import { WebhookDelivery, WebhookDeliveryStatus as Status, WebhookEndpoint } from './entities';
import { SIGNING_SECRET } from './resolvers';
import { newWebhookSecret } from './signing';

const ENDPOINT = WebhookEndpoint.name;
const DELIVERY = WebhookDelivery.name;
const MAX_URL = 2000;
const MAX_DESCRIPTION = 500;
/** Columns no audit record keeps. */
const SECRET_COLUMNS = ['secret'];
const REDELIVERABLE = [Status.DELIVERED, Status.FAILED] as const;
const URL_DESCRIPTION = `Where events are POSTed: an https or http address (at most ${MAX_URL} characters).`;
const EVENT_TYPES = 'The events to send: at least one.';
const DESCRIPTION = `What the endpoint is for (at most ${MAX_DESCRIPTION} characters).`;

@InputType({ description: 'A new webhook endpoint.' })
export class RegisterWebhookEndpointInput {
  @Field(() => String, { description: URL_DESCRIPTION })
  url!: string;

  @Field(() => [HubEventType], { description: EVENT_TYPES })
  eventTypes!: HubEventType[];

  @Field(() => String, { nullable: true, description: DESCRIPTION })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events of this jurisdiction; left out: events of every jurisdiction.' })
  jurisdictionId?: string | null;
}

@InputType({ description: 'Changes to a webhook endpoint: only the fields given change; null clears description.' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true, description: URL_DESCRIPTION })
  url?: string | null;

  @Field(() => [HubEventType], { nullable: true, description: EVENT_TYPES })
  eventTypes?: HubEventType[] | null;

  @Field(() => String, { nullable: true, description: DESCRIPTION })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'false pauses the endpoint: no deliveries are made for it or sent to it until it is true again.' })
  active?: boolean | null;
}

function endpointUrl(value: string, argument: string): string {
  return httpUrlArgument(value, argument, MAX_URL, 'https://example.org/hooks/hub');
}

/** The event types, each once, in the order given; at least one. */
function eventTypesArgument(values: HubEventType[], argument: string): string {
  if (!values.length) throw badInput(`${argument} must name at least one event type`, { argument });
  return textArray([...new Set(values)]);
}

function descriptionArgument(value: string | null | undefined, argument: string): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed.length > MAX_DESCRIPTION) throw badInput(`${argument} must be at most ${MAX_DESCRIPTION} characters; got ${trimmed.length}`, { argument, limit: MAX_DESCRIPTION });
  return trimmed || null;
}

function required<T>(value: T | null | undefined, argument: string): T | undefined {
  if (value === null) throw badInput(`${argument} cannot be null: leave it out to keep it`, { argument });
  return value;
}

/** The answer of a mutation that made a secret: the endpoint as read, with the secret this once. */
function withSecret(row: Row | null, secret: string): Row | null {
  return row && { ...row, [SIGNING_SECRET]: secret };
}

/** The endpoint a mutation names, locked, without its secret (what the audit record keeps). */
async function lockEndpoint(tx: MutationTx, id: string): Promise<Record<string, unknown> & { id: number }> {
  const { secret: _secret, ...row } = await tx.named<Record<string, unknown> & { id: number }>(ENDPOINT, id, 'id');
  return row as Record<string, unknown> & { id: number };
}

/** Webhooks are the administrators' (docs/webhooks.md): every other role is refused these changes. */
@Resolver()
export class WebhookWorkflowResolver {
  @Mutation(() => WebhookEndpoint, {
    description: 'Register an address to POST the events of the types given to, signed with a new secret (ADMIN). signingSecret holds the secret in this answer only.',
  })
  async registerWebhookEndpoint(@Arg('input', () => RegisterWebhookEndpointInput) input: RegisterWebhookEndpointInput, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    const action = 'registerWebhookEndpoint';
    requireRole(ctx, action, [Role.ADMIN]);
    const url = endpointUrl(input.url, 'input.url');
    const eventTypes = eventTypesArgument(input.eventTypes, 'input.eventTypes');
    const description = descriptionArgument(input.description, 'input.description');
    const secret = newWebhookSecret();
    const row = await mutate(ctx, info, { action, resultType: ENDPOINT }, async (tx) => {
      const jurisdiction = input.jurisdictionId == null ? null : (await tx.named<{ id: number }>('Jurisdiction', input.jurisdictionId, 'input.jurisdictionId', { lock: false })).id;
      const created = (await tx.one<{ id: number }>(
        `insert into "webhook_endpoint" ("url", "description", "event_types", "jurisdiction_id", "secret", "created_by") values (?, ?, ?::text[], ?, ?, ?) returning "id"`,
        [url, description, eventTypes, jurisdiction, secret, ctx.viewer.subject],
      ))!;
      await tx.audit(ENDPOINT, created.id, null, null, SECRET_COLUMNS);
      return created.id;
    });
    return withSecret(row, secret);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Change a webhook endpoint\'s address, event types, description, or pause and resume it (ADMIN): only the fields given.' })
  updateWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    const action = 'updateWebhookEndpoint';
    requireRole(ctx, action, [Role.ADMIN]);
    const url = required(input.url, 'input.url');
    const eventTypes = required(input.eventTypes, 'input.eventTypes');
    const active = required(input.active, 'input.active');
    const changes: [string, unknown][] = [];
    if (url !== undefined) changes.push(['"url" = ?', endpointUrl(url, 'input.url')]);
    if (eventTypes !== undefined) changes.push(['"event_types" = ?::text[]', eventTypesArgument(eventTypes, 'input.eventTypes')]);
    if (input.description !== undefined) changes.push(['"description" = ?', descriptionArgument(input.description, 'input.description')]);
    if (active !== undefined) changes.push(['"active" = ?', active]);
    if (!changes.length) throw badInput('input names no change: give url, eventTypes, description or active', { argument: 'input' });
    return mutate(ctx, info, { action, resultType: ENDPOINT }, async (tx) => {
      const before = await lockEndpoint(tx, id);
      await tx.rows(`update "webhook_endpoint" set ${changes.map(([set]) => set).join(', ')} where "id" = ?`, [...changes.map(([, value]) => value), before.id]);
      await tx.audit(ENDPOINT, before.id, before, null, SECRET_COLUMNS);
      return before.id;
    });
  }

  @Mutation(() => WebhookEndpoint, {
    description: 'Replace a webhook endpoint\'s signing secret (ADMIN): attempts from now on are signed with the new one, which signingSecret holds in this answer only.',
  })
  async rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    const action = 'rotateWebhookSecret';
    requireRole(ctx, action, [Role.ADMIN]);
    const secret = newWebhookSecret();
    const row = await mutate(ctx, info, { action, resultType: ENDPOINT }, async (tx) => {
      const before = await lockEndpoint(tx, id);
      await tx.rows(`update "webhook_endpoint" set "secret" = ?, "secret_created_at" = clock_timestamp(), "secret_version" = "secret_version" + 1 where "id" = ?`, [secret, before.id]);
      await tx.audit(ENDPOINT, before.id, before, null, SECRET_COLUMNS);
      return before.id;
    });
    return withSecret(row, secret);
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Send a DELIVERED or FAILED delivery again (ADMIN): PENDING, due now, with its attempts counted afresh. INVALID_TRANSITION while it is PENDING.',
  })
  redeliverWebhook(@Arg('deliveryId', () => ID) deliveryId: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    const action = 'redeliverWebhook';
    requireRole(ctx, action, [Role.ADMIN]);
    return mutate(ctx, info, { action, resultType: DELIVERY }, async (tx) => {
      const before = await tx.named<{ id: number; status: Status }>(DELIVERY, deliveryId, 'deliveryId');
      if (!(REDELIVERABLE as readonly Status[]).includes(before.status)) {
        throw invalidTransition(`webhook delivery ${deliveryId}`, 'deliveries', 'redelivered', before.status, REDELIVERABLE);
      }
      await tx.rows(
        `update "webhook_delivery" set "status" = 'PENDING', "attempts" = 0, "next_attempt_at" = clock_timestamp(), "delivered_at" = null where "id" = ?`,
        [before.id],
      );
      await tx.audit(DELIVERY, before.id, before, null);
      return before.id;
    });
  }
}
