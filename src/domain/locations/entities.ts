import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Where a US ZIP code is: its centroid, from the npm package zipcodes (BSD-3-Clause), written with the reference data
 * (src/db/seed/load-postal-codes.ts). Distance search (src/graphql/near.ts) reads it; it is not exposed as a type.
 */
@Entity({ tableName: 'postal_code_centroid' })
// a radius query draws the codes in a latitude and longitude box from this index before the exact distance
@Index({ name: 'postal_code_centroid_position_index', properties: ['latitude', 'longitude'] })
export class PostalCodeCentroid {
  @PrimaryKey({ type: 'string', length: 5 })
  postalCode!: string;

  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;

  /** USPS code of the state, territory or military post office. */
  @Property({ type: 'string', length: 2 })
  state!: string;
}
