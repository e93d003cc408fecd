/** Global ids: base64url("Type:key"), the same text whatever the length of the type name, and read back to the key. */
import { describe, expect, it } from 'vitest';
import { fromGlobalId, keyOf, MAX_KEY, toGlobalId } from '../src/graphql/global-id';

describe('global ids', () => {
  // type names of every length modulo 3, keys of every length from 1 to 10 digits
  const types = ['Node', 'Employer', 'JobPosting', 'Jurisdiction', 'PeerSpecialist', 'Certification', 'AssistanceFund', 'A', 'Ab'];
  const keys = [1, 7, 42, 999, 1000, 65535, 123456, 9999999, 10000000, 123456789, MAX_KEY];

  it('are the base64url of "Type:key", without padding', () => {
    for (const type of types) {
      for (const key of keys) expect(toGlobalId(type, key), `${type}:${key}`).toBe(Buffer.from(`${type}:${key}`).toString('base64url'));
    }
    expect(toGlobalId('Employer', 1)).toBe('RW1wbG95ZXI6MQ');
  });

  it('read back to their type and key', () => {
    for (const type of types.filter((name) => /^[A-Z]/.test(name))) {
      for (const key of keys) expect(fromGlobalId(toGlobalId(type, key))).toEqual({ typeName: type, key });
    }
    expect(keyOf(toGlobalId('Employer', 12), 'Employer')).toBe(12);
    expect(keyOf(toGlobalId('Employer', 12), 'JobPosting')).toBeNull();
  });
});
