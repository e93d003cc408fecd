/**
 * Where each US ZIP code is: the centroids of the npm package zipcodes (BSD-3-Clause), read once per process. Distance
 * search (near.ts) places the code asked about with them; the reference data writes the same codes into
 * postal_code_centroid (src/db/seed/load-postal-codes.ts). No decorators here: the seed reads it without the schema.
 */
import { createRequire } from 'node:module';

export interface Centroid {
  postalCode: string;
  latitude: number;
  longitude: number;
  /** USPS code of the state (or territory, or military post office: AA, AE, AP). */
  state: string;
}

interface PackageCode {
  zip: string;
  latitude: number;
  longitude: number;
  state: string;
  country: string;
}

let centroids: Map<string, Centroid> | undefined;

/**
 * Every US ZIP code of the package with a position, by code; read once per process, when first needed (about 170 ms
 * and 42,000 entries). Codes the package places at 0, 0 (some military post offices) are left out: they have none.
 */
export function postalCentroids(): ReadonlyMap<string, Centroid> {
  if (!centroids) {
    const { codes } = createRequire(__filename)('zipcodes/lib/codes.js') as { codes: Record<string, PackageCode> };
    centroids = new Map();
    for (const code of Object.values(codes)) {
      if (code.country !== 'US' || !/^\d{5}$/.test(code.zip)) continue;
      if (!Number.isFinite(code.latitude) || !Number.isFinite(code.longitude) || (code.latitude === 0 && code.longitude === 0)) continue;
      centroids.set(code.zip, { postalCode: code.zip, latitude: code.latitude, longitude: code.longitude, state: code.state });
    }
  }
  return centroids;
}

/** The package and version the centroids come from, as its package.json says. */
export function centroidSource(): { name: string; version: string; license: string } {
  const pkg = createRequire(__filename)('zipcodes/package.json') as { version: string };
  return { name: 'zipcodes', version: pkg.version, license: 'BSD-3-Clause' };
}
