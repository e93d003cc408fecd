import type { GraphQLResolveInfo } from 'graphql';
import { Role } from '../auth/viewer';
import { dataChanged } from '../http/data-version';
import type { HubContext } from './context';
import { badInput, conflict, ErrorCode, forbidden } from './errors';
import { fromGlobalId } from './global-id';
import type { Row } from './loaders';
import { quoteIdent, type TransactionRows } from './sql';

const MAX_IDEMPOTENCY_KEY = 200;

/** The statements of one mutation, inside its transaction, and the audit records of what it changes. */
export class MutationTx {
  constructor(readonly rows: TransactionRows, private readonly ctx: HubContext, readonly action: string) {}

  async one<T = Record<string, unknown>>(sql: string, bindings: unknown[] = []): Promise<T | null> {
    return (await this.rows<T>(sql, bindings))[0] ?? null;
  }

  /**
   * The row of a record the viewer may read, locked for the rest of the transaction (FOR UPDATE), as its columns
   * are named in the database; null when there is none or it is out of the viewer's scope (the same answer, so
   * that a change cannot reveal a record's existence).
   */
  async lock(typeName: string, key: number): Promise<Record<string, unknown> | null> {
    const table = quoteIdent(this.ctx.loaders.catalog.get(typeName).table);
    const scope = this.ctx.loaders.scope.rows(typeName, 'r');
    const row = await this.one<{ row: Record<string, unknown> }>(
      `select row_to_json(r) as row from ${table} r where r.id = ?${scope ? ` and ${scope}` : ''} for update`,
      [key],
    );
    return row?.row ?? null;
  }

  /** Records a change of the row: who, when, what, the row before (null: created) and as it is now. */
  async audit(typeName: string, key: number, before: Record<string, unknown> | null, jurisdictionId: number | null): Promise<void> {
    const table = quoteIdent(this.ctx.loaders.catalog.get(typeName).table);
    const { viewer, requestId } = this.ctx;
    await this.rows(
      `insert into "audit_record" ("subject", "role", "action", "entity_type", "entity_key", "jurisdiction_id", "before", "after", "request_id")
       select ?, ?, ?, ?, ?, ?, ?::json, (select row_to_json(r) from ${table} r where r.id = ?), ?`,
      [viewer.subject, viewer.role, this.action, typeName, key, jurisdictionId, before === null ? null : JSON.stringify(before), key, requestId],
    );
  }
}

export interface MutationOptions {
  /** The mutation's name: the audit records' action, and what an idempotency key is bound to. */
  action: string;
  /** The type of the record the mutation returns. */
  resultType: string;
  /** Create mutations: the caller's key for retries (1 to 200 characters). */
  idempotencyKey?: string | null;
}

/**
 * Runs a mutation in one transaction and returns the record it wrote, read afterwards like any other read (in the
 * viewer's scope, with what the selection asks). `work` returns the key of that record. With an idempotency key, the
 * key is claimed first in the same transaction: a repeat from the same caller, even concurrent with the first,
 * waits for the first to finish and then returns its record without writing anything.
 */
export async function mutate(ctx: HubContext, info: GraphQLResolveInfo, options: MutationOptions, work: (tx: MutationTx) => Promise<number>): Promise<Row | null> {
  const { viewer } = ctx;
  if (viewer.role === Role.PUBLIC || viewer.subject === null) throw forbidden(`${options.action} needs a token: changes are made by a known caller`);
  const idempotencyKey = options.idempotencyKey ?? null;
  if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)) {
    throw badInput(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`, { argument: 'input.idempotencyKey' });
  }
  const result = await ctx.sql.transaction(async (rows) => {
    const tx = new MutationTx(rows, ctx, options.action);
    if (idempotencyKey !== null) {
      const claimed = await rows(
        `insert into "idempotency_key" ("subject", "key", "operation") values (?, ?, ?) on conflict do nothing returning "key"`,
        [viewer.subject, idempotencyKey, options.action],
      );
      if (!claimed.length) {
        const stored = (await tx.one<{ operation: string; resultType: string; resultKey: number }>(
          `select "operation", "result_type" as "resultType", "result_key" as "resultKey" from "idempotency_key" where "subject" = ? and "key" = ?`,
          [viewer.subject, idempotencyKey],
        ))!;
        if (stored.operation !== options.action) {
          throw conflict(`idempotencyKey "${idempotencyKey}" was already used for ${stored.operation}; use a new key for ${options.action}`, ErrorCode.IDEMPOTENCY_KEY_REUSED, {
            argument: 'input.idempotencyKey',
          });
        }
        return { key: stored.resultKey, type: stored.resultType };
      }
    }
    const key = await work(tx);
    if (idempotencyKey !== null) {
      await rows(`update "idempotency_key" set "result_type" = ?, "result_key" = ? where "subject" = ? and "key" = ?`, [options.resultType, key, viewer.subject, idempotencyKey]);
    }
    return { key, type: options.resultType };
  });
  // committed: cached answers are out of date (src/http/data-version.ts)
  await dataChanged();
  return ctx.loaders.byId(result.type, result.key, info);
}

/** The key of a global id of the type, or BAD_USER_INPUT naming the argument. */
export function keyArgument(id: string, typeName: string, argument: string): number {
  let decoded: { typeName: string; key: number };
  try {
    decoded = fromGlobalId(id);
  } catch {
    throw badInput(`${argument}: "${id.slice(0, 40)}" is not an id of this hub`, { argument });
  }
  if (decoded.typeName !== typeName) throw badInput(`${argument}: "${id}" is the id of a ${decoded.typeName}, not of a ${typeName}`, { argument });
  return decoded.key;
}

/** A record the change needs that the viewer may not read, or that does not exist: the same answer for both. */
export function noSuch(what: string, id: string, argument: string) {
  return badInput(`${argument}: there is no ${what} ${id} that you may change`, { argument });
}

/** The caller's role must be one of these. */
export function requireRole(ctx: HubContext, action: string, roles: readonly Role[]): void {
  if (!roles.includes(ctx.viewer.role)) {
    throw forbidden(`${action} is for ${roles.join(' or ')}; you are ${ctx.viewer.role}`, { role: ctx.viewer.role, allowedRoles: roles });
  }
}

/**
 * The person a PEER or ADMIN acts for: a peer for themselves (naming anyone else is refused), an administrator for
 * the person they name (required).
 */
export function actingPerson(ctx: HubContext, personId: string | null | undefined, argument: string): number {
  if (ctx.viewer.role === Role.PEER) {
    const self = ctx.viewer.peerId!;
    if (personId != null && keyArgument(personId, 'PeerSpecialist', argument) !== self) {
      throw badInput(`${argument}: a peer acts for themselves; leave it out`, { argument });
    }
    return self;
  }
  if (personId == null) throw badInput(`${argument} is required of ${ctx.viewer.role}`, { argument });
  return keyArgument(personId, 'PeerSpecialist', argument);
}
