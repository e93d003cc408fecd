import { badInput } from './errors';

/** Keys are PostgreSQL integers (int4). */
export const MAX_KEY = 2147483647;

/** Global ids are base64url("Type:key"): opaque to clients, decodable here without a lookup. */
export function toGlobalId(typeName: string, key: number): string {
  return Buffer.from(`${typeName}:${key}`).toString('base64url');
}

export interface DecodedId {
  typeName: string;
  key: number;
}

export function fromGlobalId(id: string): DecodedId {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(id) ? Buffer.from(id, 'base64url').toString() : '';
  const match = /^([A-Z][A-Za-z]*):([1-9]\d{0,9})$/.exec(text);
  const key = match ? Number(match[2]) : NaN;
  if (!match || key > MAX_KEY) throw badInput(`"${id.slice(0, 60)}" is not an id of this hub`, { argument: 'id' });
  return { typeName: match[1], key };
}

/** The key when the id names the given type; null when it names another type (an unknown id reads as null). */
export function keyOf(id: string, typeName: string): number | null {
  const decoded = fromGlobalId(id);
  return decoded.typeName === typeName ? decoded.key : null;
}
