/**
 * The response cache: answers to callers without a token, kept under a key holding the viewer, the data version (which
 * every committed write moves: src/cache/data-version.ts) and the day. Callers with a token are never cached.
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { Role, type Viewer } from '../../auth/viewer';
import type { DataVersion } from '../../cache/data-version';
import type { HubContext } from '../../graphql/context';
import { todayUtc } from '../../graphql/scalars';

/** Who asks, as part of a cache key: never PUBLIC's key for another role or scope, whatever the other checks say. */
export function viewerFingerprint(viewer: Viewer): string {
  return JSON.stringify([viewer.role, viewer.subject, [...viewer.jurisdictions].sort(), viewer.employerId, viewer.peerId]);
}

export function responseCache(responses: KeyValueCache<string>, dataVersion: DataVersion): ApolloServerPlugin<HubContext> {
  // the data version a request's cache key holds, read once per request, and only for callers without a token
  const versions = new WeakMap<HubContext, Promise<string | null>>();
  const versionOf = (context: HubContext) => {
    let version = versions.get(context);
    if (!version) versions.set(context, (version = dataVersion.current()));
    return version;
  };
  const cacheable = async ({ contextValue }: GraphQLRequestContext<HubContext>) =>
    // a request asking for its SQL (x-hub-debug-sql) must run it
    contextValue.viewer.role === Role.PUBLIC && !contextValue.sql.recorded && (await versionOf(contextValue)) !== null;

  return responseCachePlugin<HubContext>({
    cache: responses,
    // no per-session answers: callers with a token are never cached
    sessionId: async () => null,
    extraCacheKeyData: async ({ contextValue }) =>
      contextValue.viewer.role === Role.PUBLIC ? { viewer: viewerFingerprint(contextValue.viewer), dataVersion: await versionOf(contextValue), today: todayUtc() } : null,
    shouldReadFromCache: cacheable,
    shouldWriteToCache: cacheable,
  });
}
