import { Entity, Enum, Index, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Filterable, Sortable } from '../../graphql/ordering';
import { Node } from '../../graphql/node';
import { DateTimeScalar } from '../../graphql/scalars';
import { Keyed } from '../base';
import { HubEvent } from '../events/entities';
import { HubEventType } from '../events/enums';
import { Jurisdiction } from '../jurisdictions/entities';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery of an event to an endpoint stands.',
  valuesConfig: {
    PENDING: { description: 'Not delivered yet: waiting for its next attempt (nextAttemptAt), or being sent.' },
    DELIVERED: { description: 'The endpoint answered an attempt with a 2xx status.' },
    FAILED: { description: 'Every attempt (WEBHOOK_MAX_ATTEMPTS) failed; redeliverWebhook sends it again.' },
  },
});

/**
 * A URL an administrator registered to receive the hub's events, signed with its secret (docs/webhooks.md). The
 * secret is stored to sign with and shown once, in the answer of the mutation that made it; no field reads it.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'An address the hub POSTs signed events to (docs/webhooks.md). Administrators only.' })
@Entity({ comment: 'Addresses the hub POSTs signed events to (docs/webhooks.md).' })
export class WebhookEndpoint extends Keyed {
  @Field(() => String, { description: 'The http or https address events are POSTed to.' })
  @Property({ type: 'string', length: 2000 })
  url!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  description?: string | null;

  @Field(() => [HubEventType], { description: 'The events the endpoint receives.' })
  @Property({ type: 'text[]' })
  eventTypes!: HubEventType[];

  /** Only events of this state; null: events of every state (and of none). */
  @ManyToOne(() => Jurisdiction, { nullable: true, index: true })
  jurisdiction?: Jurisdiction | null;

  /** `whsec_` and the base64 of 32 random bytes, as Standard Webhooks has it. Never read through the API. */
  @Property({ type: 'string', length: 100 })
  secret!: string;

  @Field(() => DateTimeScalar, { description: 'When the current signing secret was made (registered or rotated).' })
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp' })
  secretCreatedAt!: Date & Opt;

  @Field(() => Int, { description: 'Which signing secret is current: 1 when registered, one more at each rotation.' })
  @Property({ type: 'integer', default: 1 })
  secretVersion: number & Opt = 1;

  @Field(() => Boolean, { description: 'false: events make no deliveries for it, and those not yet delivered wait until it is active again.' })
  @Filterable()
  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;

  @Field(() => DateTimeScalar)
  @Sortable()
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp', index: true })
  createdAt!: Date & Opt;

  @Field(() => String, { description: 'The token subject (sub) of the administrator who registered it.' })
  @Property({ type: 'string' })
  createdBy!: string;
}

/**
 * One event for one endpoint: made by a trigger on hub_event in the transaction of the change (the outbox), sent
 * by the dispatcher (src/domain/webhooks/dispatcher.ts) until it is answered 2xx or runs out of attempts.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'One event sent, or to be sent, to one webhook endpoint, with its attempts. Administrators only.' })
@Entity({ comment: 'One event for one webhook endpoint, written with the event (docs/webhooks.md).' })
@Unique({ name: 'webhook_delivery_endpoint_event_unique', properties: ['endpoint', 'event'] })
// the dispatcher's due deliveries, per endpoint, oldest first
@Index({
  name: 'webhook_delivery_due_index',
  expression: `create index "webhook_delivery_due_index" on "webhook_delivery" ("endpoint_id", "next_attempt_at") where "status" = 'PENDING'`,
})
export class WebhookDelivery extends Keyed {
  @ManyToOne(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @ManyToOne(() => HubEvent, { index: true })
  event!: HubEvent;

  @Field(() => HubEventType)
  @Filterable()
  @Enum({ items: () => HubEventType })
  eventType!: HubEventType;

  @Field(() => WebhookDeliveryStatus)
  @Filterable()
  @Enum({ items: () => WebhookDeliveryStatus })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts begun since the delivery was made or last redelivered.' })
  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due; null once DELIVERED or FAILED.' })
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last answer; null when the last attempt got none (timeout, refused connection).' })
  @Property({ type: 'integer', nullable: true })
  lastResponseStatus?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed; null after a success.' })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the event was written (the delivery is made with it).' })
  @Sortable()
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp', index: true })
  createdAt!: Date & Opt;
}

/** One POST of a delivery and what came of it: the log's lines. */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'One attempt to deliver a webhook: when, the answer or the error, how long it took.' })
@Entity({ comment: 'Each attempt of a webhook delivery (docs/webhooks.md).' })
export class WebhookDeliveryAttempt extends Keyed {
  @ManyToOne(() => WebhookDelivery, { index: true })
  delivery!: WebhookDelivery;

  @Field(() => DateTimeScalar)
  @Sortable()
  @Property({ type: 'datetime', index: true })
  attemptedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status answered; null when none was (timeout, refused connection).' })
  @Property({ type: 'integer', nullable: true })
  responseStatus?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the attempt failed; null when it succeeded.' })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Field(() => Int, { description: 'Milliseconds from sending to the answer (or to the failure).' })
  @Property({ type: 'integer' })
  durationMs!: number;
}
