import { ArrayType, Check, Entity, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Sortable } from '../../graphql/ordering';
import { DataRecord } from '../base';
import { Node } from '../../graphql/node';
import { Jurisdiction } from '../jurisdictions/entities';
import { DateTimeScalar } from '../../graphql/scalars';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A person: a peer specialist, a trainee or an applicant.' })
@Entity()
@Check({ name: 'peer_specialist_birth_year_check', expression: 'birth_year is null or (birth_year >= 1900 and birth_year <= 2100)' })
// how the roster import matches a person it has not seen under a credential number (src/domain/import/writer.ts)
// the public lookup by the holder's name (src/domain/credentials/verification.ts)
@Index({ name: 'peer_specialist_last_name_lookup_index', expression: 'create index "peer_specialist_last_name_lookup_index" on "peer_specialist" (lower("last_name"))' })
@Index({
  name: 'peer_specialist_match_index',
  expression: 'create index "peer_specialist_match_index" on "peer_specialist" ("jurisdiction_id", lower("last_name"), lower("first_name"), "birth_year")',
})
export class PeerSpecialist extends DataRecord {
  @Field(() => String)
  @Sortable()
  @Property({ type: 'string', index: true })
  firstName!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  middleName?: string | null;

  @Field(() => String)
  @Sortable()
  @Property({ type: 'string', index: true })
  lastName!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'smallint', nullable: true })
  birthYear?: number | null;

  /** The state of residence. */
  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @Field(() => String, { nullable: true })
  @Sortable()
  @Property({ type: 'string', nullable: true, index: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 10, nullable: true })
  postalCode?: string | null;

  @Field(() => [String], { description: 'Languages the person offers services in (ISO 639-1 codes).' })
  @Property({ type: ArrayType, columnType: 'text[]', defaultRaw: `'{}'` })
  languages: string[] = [];

  /** Provenance of a person created or last changed by a roster import: format, file, line, file checksum, time. */
  @Property({ type: 'string', nullable: true })
  sourceName?: string | null;

  @Property({ type: 'string', nullable: true })
  sourceFile?: string | null;

  @Property({ type: 'integer', nullable: true })
  sourceRow?: number | null;

  @Property({ type: 'string', length: 64, nullable: true })
  sourceChecksum?: string | null;

  @Property({ type: 'datetime', nullable: true })
  importedAt?: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the record was created in the hub.' })
  @Property({ type: 'datetime', defaultRaw: 'current_timestamp' })
  createdAt!: Date & Opt;
}
