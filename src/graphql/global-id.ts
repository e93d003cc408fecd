import { badInput } from '../errors';

/** Keys are PostgreSQL integers (int4). */
export const MAX_KEY = 2147483647;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url of an ASCII text, without padding. */
function asciiBase64url(text: string): string {
  let out = '';
  let i = 0;
  for (; i + 2 < text.length; i += 3) {
    const n = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
    out += BASE64URL[n >> 18] + BASE64URL[(n >> 12) & 63] + BASE64URL[(n >> 6) & 63] + BASE64URL[n & 63];
  }
  if (i + 1 === text.length) {
    const n = text.charCodeAt(i) << 16;
    out += BASE64URL[n >> 18] + BASE64URL[(n >> 12) & 63];
  } else if (i + 2 === text.length) {
    const n = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8);
    out += BASE64URL[n >> 18] + BASE64URL[(n >> 12) & 63] + BASE64URL[(n >> 6) & 63];
  }
  return out;
}

/** Per type: the base64url of the whole 3-byte groups of "Type:", and the characters left over for the key's groups. */
const prefixes = new Map<string, { encoded: string; rest: string }>();

/**
 * Global ids are base64url("Type:key"): opaque to clients, decodable here without a lookup. A page of rows makes
 * hundreds of them, so the type's part is encoded once and the rest without a Buffer (type names are ASCII).
 */
export function toGlobalId(typeName: string, key: number): string {
  let prefix = prefixes.get(typeName);
  if (!prefix) {
    const text = `${typeName}:`;
    const whole = text.length - (text.length % 3);
    prefix = { encoded: asciiBase64url(text.slice(0, whole)), rest: text.slice(whole) };
    prefixes.set(typeName, prefix);
  }
  return prefix.encoded + asciiBase64url(prefix.rest + key);
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
