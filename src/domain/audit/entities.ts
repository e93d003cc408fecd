import { Entity, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { DateTimeScalar } from '../../graphql/scalars';
import { Keyed } from '../base';
import { Node } from '../../graphql/node';
import { Jurisdiction } from '../jurisdictions/entities';

/**
 * One change a mutation made: who, when, what, and the row before and after. Written in the mutation's own
 * transaction, so that a change and its record stand or fall together; never updated.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A change made through the hub: who, when, what, and the record before and after.' })
@Entity()
@Index({ properties: ['entityType', 'entityKey'] })
export class AuditRecord extends Keyed {
  @Field(() => DateTimeScalar)
  @Sortable()
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp', index: true })
  occurredAt!: Date;

  @Field(() => String, { description: 'The token subject (sub) of who made the change.' })
  @Sortable()
  @Property({ type: 'string', index: true })
  subject!: string;

  @Field(() => String, { description: 'The role they acted in.' })
  @Property({ type: 'string' })
  role!: string;

  @Field(() => String, { description: 'The mutation, such as approveAssistanceApplication.' })
  @Sortable()
  @Property({ type: 'string', index: true })
  action!: string;

  @Field(() => String, { description: 'The type of the record changed, such as AssistanceApplication.' })
  @Sortable()
  @Property({ type: 'string' })
  entityType!: string;

  /** The changed row's key; its global id is entityId. */
  @Property({ type: 'integer' })
  entityKey!: number;

  /** The jurisdiction the changed record belongs to, whose analysts read this record; null: administrators only. */
  @ManyToOne(() => Jurisdiction, { nullable: true, index: true })
  jurisdiction?: Jurisdiction | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed row before the change (column names as in the database); null for a new record.' })
  @Property({ type: 'json', nullable: true })
  before?: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The row after the change; null for a removed record.' })
  @Property({ type: 'json', nullable: true })
  after?: Record<string, unknown> | null;

  @Field(() => String, { description: 'The request that made the change (the x-request-id of its response).' })
  @Property({ type: 'string' })
  requestId!: string;
}

/**
 * A create mutation's idempotency key and what it created: the same call with the same key, from the same caller,
 * returns that record and writes nothing. Claimed inside the mutation's transaction, so that of two concurrent calls
 * with one key the second waits for the first and then replays it.
 */
@Entity()
export class IdempotencyKey {
  @PrimaryKey({ type: 'string' })
  subject!: string;

  @PrimaryKey({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'string' })
  operation!: string;

  @Property({ type: 'string', nullable: true })
  resultType?: string | null;

  @Property({ type: 'integer', nullable: true })
  resultKey?: number | null;

  @Property({ type: 'datetime', defaultRaw: 'current_timestamp' })
  createdAt!: Date;

  [PrimaryKeyProp]?: ['subject', 'key'];
}
