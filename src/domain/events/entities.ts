import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A change subscribers and webhooks are told of. Rows are written by triggers in the transaction of the change
 * (migrations/Migration20261206000000.ts), whoever makes it, and announced on the channel `hub_event` at commit.
 */
@Entity({ tableName: 'hub_event', comment: 'Changes subscribers and webhooks are told of, written by triggers with the change (docs/live.md).' })
export class HubEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Index({ name: 'hub_event_occurred_at_index' })
  @Property({ type: 'datetime', defaultRaw: 'clock_timestamp()' })
  occurredAt!: Date;

  /** One of HUB_EVENT_TYPES (src/cache/hub-events.ts). */
  @Property({ type: 'text' })
  type!: string;

  /** The GraphQL type of the row that changed. */
  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'integer' })
  entityKey!: number;

  @Property({ type: 'integer', nullable: true })
  jurisdictionId?: number | null;

  @Property({ type: 'integer', nullable: true })
  employerId?: number | null;

  /** The status as the change left it, and before it. */
  @Property({ type: 'jsonb', defaultRaw: `'{}'` })
  data!: Record<string, unknown>;
}
