/**
 * Distance search: `near: { postalCode, withinMiles, includeRemote }` in the filter of every type that declares where
 * its rows are (`@Located()` on its postal-code property), an order by distance (DISTANCE) and a `distanceMiles`
 * field. One mechanism for every located type: the filter translator, the keyset paging and the planner read the
 * declaration; no type writes its own.
 *
 * Where a ZIP code is: the centroids of the npm package `zipcodes` (BSD-3-Clause), held twice from the same source:
 * in PostgreSQL (table postal_code_centroid, written with the reference data) for the rows' postal codes, and in this
 * process for the postal code asked about, so that an unknown code is refused before any SQL and the centre and its
 * bounding box are constants of the statement.
 */
import 'reflect-metadata';
import { Field, Float, InputType } from 'type-graphql';
import { badInput } from '../errors';
import { bound, raw, sql, type Sql } from '../sql/fragments';
import { quoteIdent } from '../sql/identifiers';
import { postalCentroids } from './postal-codes';

export { postalCentroids } from './postal-codes';

/** The order term, the row key and the field that carry a row's distance from the postal code asked about. */
export const DISTANCE = 'distanceMiles';

/** The largest radius a `near` takes, in miles: about Minnesota's length; wider asks read most of a state. */
export const MAX_NEAR_MILES = 500;

/** The table of ZIP code centroids (its columns: postal_code, latitude, longitude, state). */
const CENTROID_TABLE = 'postal_code_centroid';

/** Mean radius of the Earth in miles (IUGG). */
const EARTH_RADIUS_MILES = 3958.7613;

/** Where a located type keeps its postal code, and whether a row may be remote (matching any distance when asked). */
export interface Location {
  /** The property holding the row's 5-digit ZIP code. */
  postalCode: string;
  /** A boolean property: the row is remote (a job done from anywhere). */
  remote?: string;
  /**
   * A relation to the row's jurisdiction: a remote row is open to people of its state alone, so it matches a `near`
   * only in that state (a remote job in Minnesota is no job near Austin).
   */
  remoteWithin?: string;
}

const locations = new Map<string, Location>();

/**
 * Declares the property as where the rows of its type are: their lists take `near` in their filter and order by
 * DISTANCE, and the type gets `distanceMiles`. `remote` names a boolean property of rows that are nowhere in
 * particular (they match `near` only with includeRemote).
 */
export function Located(options: { remote?: string; remoteWithin?: string } = {}): PropertyDecorator {
  return (target, property) => {
    locations.set(target.constructor.name, { postalCode: String(property), remote: options.remote, remoteWithin: options.remoteWithin });
    Field(() => Float, {
      nullable: true,
      description:
        'Miles (great-circle, between ZIP code centroids, to 0.01) from the postal code of the list\'s filter.near; ' +
        'null without a near, and for a row without a postal code of known position (a remote posting may have one, and is measured by it).',
    })(target, DISTANCE);
  };
}

export function locationOf(type: Function | string): Location | undefined {
  return locations.get(typeof type === 'string' ? type : type.name);
}

@InputType('NearInput', { description: 'Rows within a distance of a US ZIP code (between ZIP code centroids, great-circle).' })
export class NearInput {
  @Field(() => String, { description: 'A 5-digit US ZIP code, such as "78701".' })
  postalCode!: string;

  @Field(() => Float, { description: `Radius in miles: more than 0, at most ${MAX_NEAR_MILES}.` })
  withinMiles!: number;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Also match remote rows of the centre's state (job postings done from home, open to that state's people), whatever their distance. Rows without a postal code never match otherwise.",
  })
  includeRemote?: boolean;
}

/** A checked `near`: its centre, radius and whether remote rows match. */
export interface Near {
  postalCode: string;
  latitude: number;
  longitude: number;
  miles: number;
  includeRemote: boolean;
  /** USPS code of the centre's state. */
  state: string;
}

/** The near input checked: `at` names it in errors (filter.near). */
export function nearOf(value: unknown, at: string): Near {
  const input = (value ?? {}) as Partial<NearInput>;
  const code = typeof input.postalCode === 'string' ? input.postalCode.trim() : '';
  if (!/^\d{5}(-\d{4})?$/.test(code)) {
    throw badInput(`${at}.postalCode must be a 5-digit US ZIP code, such as "78701"; got "${String(input.postalCode ?? '').slice(0, 20)}"`, { argument: `${at}.postalCode` });
  }
  const centroid = postalCentroids().get(code.slice(0, 5));
  if (!centroid) throw badInput(`${at}.postalCode "${code}" is not a US ZIP code the hub knows the position of`, { argument: `${at}.postalCode` });
  const miles = input.withinMiles;
  if (typeof miles !== 'number' || !Number.isFinite(miles) || miles <= 0 || miles > MAX_NEAR_MILES) {
    throw badInput(`${at}.withinMiles must be more than 0 and at most ${MAX_NEAR_MILES} miles; got ${String(miles)}`, {
      argument: `${at}.withinMiles`,
      limit: MAX_NEAR_MILES,
      value: miles,
    });
  }
  return {
    postalCode: centroid.postalCode,
    latitude: centroid.latitude,
    longitude: centroid.longitude,
    miles,
    includeRemote: input.includeRemote === true,
    state: centroid.state,
  };
}

/** A number the hub computed, as an SQL literal (never a caller's text). */
const literal = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  // in parentheses when negative: "x - -97.7" must never read as a comment
  return n < 0 ? `(${n})` : `${n}`;
};

/** A number the hub computed, bound as a parameter: a search's centre and radius keep its statement one shape. */
const number = (n: number): Sql => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return sql`${bound(n)}::float8`;
};

/**
 * Great-circle miles (haversine) from the centre to the centroid aliased `c`, to 0.01 mile: the figure a row shows,
 * is ordered by and is kept or left out by, so that a row that reads 25.00 is within 25 miles.
 */
function milesSql(near: Near, c: string): Sql {
  return sql`round((${literal(2 * EARTH_RADIUS_MILES)} * asin(least(1, sqrt(power(sin(radians(${c}.latitude - ${number(near.latitude)}) / 2), 2) + cos(radians(${number(near.latitude)})) * cos(radians(${c}.latitude)) * power(sin(radians(${c}.longitude - ${number(near.longitude)}) / 2), 2)))))::numeric, 2)::float8`;
}

/**
 * The latitudes and longitudes a point within the radius can have: a box the (latitude, longitude) index of the
 * centroids answers, before the exact distance. On the sphere the distance is measured on, a degree of latitude is
 * 69.09 miles, and a degree of longitude that times the cosine of the latitude, smallest at the box's edge farthest
 * from the equator; 69 miles a degree leaves a margin.
 */
function boundingBox(near: Near): { south: number; north: number; west: number; east: number } | { south: number; north: number } {
  const latDelta = near.miles / 69;
  const south = near.latitude - latDelta;
  const north = near.latitude + latDelta;
  const farthest = Math.max(Math.abs(south), Math.abs(north));
  if (farthest >= 89) return { south, north };
  const lonDelta = near.miles / (69 * Math.cos((farthest * Math.PI) / 180));
  const west = near.longitude - lonDelta;
  const east = near.longitude + lonDelta;
  // across the antimeridian: latitudes alone
  if (west < -180 || east > 180) return { south, north };
  return { south, north, west, east };
}

/** SQL of the row's postal code, for a row aliased `alias` of a located type. */
function postalCodeSql(location: Location, columnOf: (property: string) => string, alias: string): string {
  return `${alias}.${quoteIdent(columnOf(location.postalCode))}`;
}

/**
 * The condition `near` sets on a row aliased `alias`: its postal code is one of the centroids within the radius
 * (drawn from the bounding box on the centroids' index, then the exact distance), or, with includeRemote on a type
 * with remote rows, the row is remote.
 */
export function nearConditionSql(
  location: Location,
  columnOf: (property: string) => string,
  alias: string,
  near: Near,
  foreignKeyOf: (relation: string) => string | undefined = () => undefined,
): Sql {
  const z = `${alias}_nz`;
  const box = boundingBox(near);
  const lonRange = 'west' in box ? sql` and ${z}.longitude between ${number(box.west)} and ${number(box.east)}` : raw('');
  const within = sql`${postalCodeSql(location, columnOf, alias)} in (select ${z}.postal_code from ${quoteIdent(CENTROID_TABLE)} ${z} where ${z}.latitude between ${number(box.south)} and ${number(box.north)}${lonRange} and ${milesSql(near, z)} <= ${number(near.miles)})`;
  if (!near.includeRemote || !location.remote) return sql`(${within})`;
  let remote = raw(`${alias}.${quoteIdent(columnOf(location.remote))}`);
  if (location.remoteWithin) {
    const foreignKey = foreignKeyOf(location.remoteWithin);
    if (!foreignKey) throw new Error(`${location.remoteWithin} is not a relation of a located type: its remote rows cannot be kept to their state`);
    remote = sql`${remote} and ${alias}.${quoteIdent(foreignKey)} in (select j.id from "jurisdiction" j where j.code = ${bound(near.state)})`;
  }
  return sql`(${within} or (${remote}))`;
}

/** The row's distance in miles from the centre, to 0.01 mile; null without a known position. */
export function distanceSql(location: Location, columnOf: (property: string) => string, alias: string, near: Near): Sql {
  const c = `${alias}_nc`;
  return sql`(select ${milesSql(near, c)} from ${quoteIdent(CENTROID_TABLE)} ${c} where ${c}.postal_code = ${postalCodeSql(location, columnOf, alias)})`;
}
