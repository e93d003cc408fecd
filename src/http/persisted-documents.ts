import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { TRUSTED_DOCUMENTS_FILE, type TrustedDocuments } from '../client/trusted-documents';
import { fromRoot } from '../paths';

/** The operations of schema/operations, as codegen wrote them (npm run codegen). */
export function loadTrustedDocuments(): TrustedDocuments {
  return JSON.parse(readFileSync(fromRoot(TRUSTED_DOCUMENTS_FILE), 'utf8')) as TrustedDocuments;
}

/**
 * Apollo's persisted-query cache: the trusted documents are always in it, so that a client may send a hash alone
 * (extensions.persistedQuery); what callers with a token register goes to a bounded LRU of this process and, when
 * given one (Redis, with REDIS_URL), to the store every hub process shares, so that a hash registered through one
 * process answers through the others. The shared store failing is a miss: the LRU still answers what this process saw.
 */
export class PersistedDocuments implements KeyValueCache<string> {
  private readonly registered = new InMemoryLRUCache<string>();

  constructor(
    private readonly trusted: TrustedDocuments,
    private readonly shared?: KeyValueCache<string>,
  ) {}

  async get(key: string): Promise<string | undefined> {
    // Apollo prefixes its keys (apq:<hash>)
    const hash = key.slice(key.lastIndexOf(':') + 1);
    if (Object.hasOwn(this.trusted, hash)) return this.trusted[hash];
    const local = await this.registered.get(key);
    if (local !== undefined || !this.shared) return local;
    const found = await this.shared.get(key).catch(() => undefined);
    // what another process (or anything else writing to Redis) stored must be the text of its hash
    if (found === undefined || createHash('sha256').update(found).digest('hex') !== hash) return undefined;
    // a hash answers for its text forever: keeping it here is never stale
    await this.registered.set(key, found);
    return found;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await Promise.all([this.registered.set(key, value, options), this.shared?.set(key, value, options).catch(() => undefined)]);
  }

  async delete(key: string): Promise<boolean | void> {
    await this.shared?.delete(key).catch(() => undefined);
    return this.registered.delete(key);
  }
}
