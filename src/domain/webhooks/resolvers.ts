import { FieldResolver, Resolver, Root } from 'type-graphql';
import type { Row } from '../../graphql/loaders';
import { fieldNeeds } from '../../graphql/plan';
import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne } from '../../graphql/relations';
import { Jurisdiction } from '../jurisdictions/entities';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from './entities';

/** Where the answer of the mutation that made a secret carries it: set on that answer's row only, never read from a table. */
export const SIGNING_SECRET = Symbol('signingSecret');

/** Administrators read webhooks; every other caller reads none (src/auth/scope.ts). */
@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver extends entityResolver(WebhookEndpoint, {
  byId: 'webhookEndpoint',
  list: 'webhookEndpoints',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction', { nullable: true, description: 'Only events of this state are sent; null: events of every state.' }),
    deliveries: toMany(() => WebhookDelivery, 'endpoint', 'The deliveries of events to the endpoint: the delivery log.'),
  },
}) {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The signing secret (whsec_...), in the answer of registerWebhookEndpoint and rotateWebhookSecret only: keep it then, no read shows it again.',
  })
  signingSecret(@Root() row: Row): string | null {
    return (row as Row & { [SIGNING_SECRET]?: string })[SIGNING_SECRET] ?? null;
  }
}

fieldNeeds(WebhookEndpoint, 'signingSecret', { columns: [] });

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver extends entityResolver(WebhookDelivery, {
  byId: 'webhookDelivery',
  list: 'webhookDeliveries',
  relations: {
    endpoint: toOne(() => WebhookEndpoint, 'endpoint'),
    attemptLog: toMany(() => WebhookDeliveryAttempt, 'delivery', 'Each attempt, with the answer or the error: the delivery log.'),
  },
}) {
  @FieldResolver(() => String, { description: 'The webhook-id header of every attempt (evt_ and the event\'s number): the same on retries, what a receiver deduplicates by.' })
  webhookId(@Root() row: Row): string {
    return `evt_${row.eventId as string}`;
  }
}

fieldNeeds(WebhookDelivery, 'webhookId', { columns: ['eventId'] });

@Resolver(() => WebhookDeliveryAttempt)
export class WebhookDeliveryAttemptResolver extends entityResolver(WebhookDeliveryAttempt, {
  byId: 'webhookDeliveryAttempt',
  list: 'webhookDeliveryAttempts',
  relations: {
    delivery: toOne(() => WebhookDelivery, 'delivery'),
  },
}) {}
