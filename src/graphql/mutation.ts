import type { GraphQLResolveInfo } from 'graphql';
import { Role } from '../auth/viewer';
import { dataChanged } from '../cache/data-version';
import type { HubContext } from './context';
import { badInput, conflict, ErrorCode, forbidden, transactionConflict } from '../errors';
import { fromGlobalId } from './global-id';
import type { Row } from './loaders';
import { andAlso } from '../sql/fragments';
import { quoteIdent, textArray, type TransactionRows } from '../sql/runner';

const MAX_IDEMPOTENCY_KEY = 200;

/**
 * The lock order (docs/locking.md). A mutation locks rows of these types in this order, and rows of one type by
 * ascending key; MutationTx.lock() refuses any other order, so that two mutations can wait for each other but never
 * in a circle (a deadlock). The first types are the coarsest: an event before its registrations, a certification
 * before its applications and logs, a fund before its applications.
 */
export const LOCK_ORDER = [
  'TrainingEvent',
  'TrainingRegistration',
  'PeerSpecialist',
  'Certification',
  'CertificationApplication',
  'Supervisor',
  'Supervision',
  'SupervisedExperienceLog',
  'AssistanceFund',
  'AssistanceApplication',
  'JobPosting',
  'WebhookEndpoint',
  'WebhookDelivery',
] as const;

export type LockedType = (typeof LOCK_ORDER)[number];

/**
 * Rows that hang from a parent row: lock() takes the parent first. Every change of such a row holds its parent's
 * lock, so changes under one parent take turns (seats, budgets, hours counted under it), and rows under a parent
 * the transaction holds may be locked in any order (a cancellation, then the first waitlisted, whatever their keys).
 */
export const LOCK_PARENTS: Readonly<Record<string, { type: LockedType; column: string }>> = {
  TrainingRegistration: { type: 'TrainingEvent', column: 'event_id' },
  CertificationApplication: { type: 'Certification', column: 'certification_id' },
  SupervisedExperienceLog: { type: 'Certification', column: 'certification_id' },
  Supervision: { type: 'Supervisor', column: 'supervisor_id' },
  AssistanceApplication: { type: 'AssistanceFund', column: 'fund_id' },
};

/** The rows one transaction has locked, and the check that each next one keeps LOCK_ORDER. */
export class LockOrder {
  private readonly held = new Set<string>();
  private last: { rank: number; key: number } | null = null;

  holds(typeName: string, key: number): boolean {
    return this.held.has(`${typeName}:${key}`);
  }

  /** Records the row as locked, or throws (a bug of the workflow, caught by its tests) when it breaks the order. */
  admit(typeName: string, key: number, parentHeld = false): void {
    if (this.holds(typeName, key)) return;
    const rank = (LOCK_ORDER as readonly string[]).indexOf(typeName);
    if (rank < 0) throw new Error(`${typeName} has no place in the lock order (LOCK_ORDER, src/graphql/mutation.ts)`);
    const last = this.last;
    if (last && (rank < last.rank || (rank === last.rank && key < last.key && !parentHeld))) {
      throw new Error(`lock order broken: ${typeName} ${key} after ${LOCK_ORDER[last.rank]} ${last.key} (docs/locking.md)`);
    }
    this.held.add(`${typeName}:${key}`);
    if (!last || rank > last.rank || key > last.key) this.last = { rank, key };
  }
}

/** The statements of one mutation, inside its transaction, and the audit records of what it changes. */
export class MutationTx {
  readonly locks = new LockOrder();

  constructor(readonly rows: TransactionRows, private readonly ctx: HubContext, readonly action: string) {}

  async one<T = Record<string, unknown>>(sql: string, bindings: unknown[] = []): Promise<T | null> {
    return (await this.rows<T>(sql, bindings))[0] ?? null;
  }

  /**
   * The row an argument of the mutation names, by its global id: locked for the rest of the transaction (`lock`, the
   * default, for a row the mutation changes or changes rows under) or only read. One answer, noSuch, whether the row
   * does not exist, lies outside the caller's scope (the rows every read gives them), or is one the caller reads
   * but may not change here (`mayChange`: their own records only): a refusal tells nothing a read would not.
   * Every row a caller names goes through here; tx.lock() is for rows the workflow reaches by itself.
   */
  async named<T = Record<string, unknown>>(typeName: string, id: string, argument: string, options: NamedOptions<T> = {}): Promise<T> {
    const key = keyArgument(id, typeName, argument);
    const scope = this.ctx.loaders.scope.rows(typeName, 'r');
    const row = options.lock === false ? await this.read(typeName, key, scope) : await this.lockRow(typeName, key, scope);
    if (row === null || (options.mayChange && !options.mayChange(row as T))) throw noSuch(typeName, id, argument);
    return row as T;
  }

  /**
   * A row the workflow reaches by itself (a parent, the next on a waiting list, the certification a training is
   * credited to), locked for the rest of the transaction; null when there is none. No scope applies: the caller did
   * not name it, and what the mutation tells of it is the workflow's to decide.
   */
  lock(typeName: string, key: number): Promise<Record<string, unknown> | null> {
    return this.lockRow(typeName, key, null);
  }

  /**
   * The row as its columns are named in the database, locked, and meeting `scope`. A row with a parent
   * (LOCK_PARENTS) is locked after it. The lock is FOR NO KEY UPDATE: it excludes other lockers and writers of the row
   * but not the foreign-key checks of rows inserted under it (keys never change), so that inserting a child never
   * waits on a locked parent: only the locks taken here, in LOCK_ORDER, make mutations wait for each other.
   */
  private async lockRow(typeName: string, key: number, scope: string | null): Promise<Record<string, unknown> | null> {
    const table = quoteIdent(this.ctx.loaders.catalog.get(typeName).table);
    const parent = LOCK_PARENTS[typeName];
    let parentKey: number | null = null;
    if (parent && !this.locks.holds(typeName, key)) {
      const parentTable = quoteIdent(this.ctx.loaders.catalog.get(parent.type).table);
      const column = quoteIdent(parent.column);
      const found = await this.one<{ id: number }>(`select p.id from ${parentTable} p where p.id = (select c.${column} from ${table} c where c.id = ?) for no key update`, [key]);
      if (found) {
        this.locks.admit(parent.type, found.id);
        parentKey = found.id;
      }
    }
    this.locks.admit(typeName, key, parentKey !== null);
    const row = await this.one<{ row: Record<string, unknown> }>(
      `select row_to_json(r) as row from ${table} r where r.id = ?${andAlso(scope)} for no key update of r`,
      [key],
    );
    // a parent key never changes once written; were one changed, the parent locked would not be the row's
    if (row && parent && parentKey !== null && row.row[parent.column] !== parentKey) throw new Error(`${typeName} ${key} moved to another ${parent.type} while being locked`);
    return row?.row ?? null;
  }

  private async read(typeName: string, key: number, scope: string | null): Promise<Record<string, unknown> | null> {
    const table = quoteIdent(this.ctx.loaders.catalog.get(typeName).table);
    const row = await this.one<{ row: Record<string, unknown> }>(`select row_to_json(r) as row from ${table} r where r.id = ?${andAlso(scope)}`, [key]);
    return row?.row ?? null;
  }

  /**
   * Records a change of the row: who, when, what, the row before (null: created) and as it is now, without the
   * `omitted` columns (secrets, which no record may keep).
   */
  async audit(typeName: string, key: number, before: Record<string, unknown> | null, jurisdictionId: number | null, omitted: readonly string[] = []): Promise<void> {
    const table = quoteIdent(this.ctx.loaders.catalog.get(typeName).table);
    const { viewer, requestId } = this.ctx;
    const after = omitted.length ? `(to_jsonb(r) - ?::text[])::json` : 'row_to_json(r)';
    const kept = before && omitted.length ? Object.fromEntries(Object.entries(before).filter(([column]) => !omitted.includes(column))) : before;
    await this.rows(
      `insert into "audit_record" ("subject", "role", "action", "entity_type", "entity_key", "jurisdiction_id", "before", "after", "request_id")
       select ?, ?, ?, ?, ?, ?, ?::json, (select ${after} from ${table} r where r.id = ?), ?`,
      [
        viewer.subject, viewer.role, this.action, typeName, key, jurisdictionId, kept === null ? null : JSON.stringify(kept),
        ...(omitted.length ? [textArray(omitted)] : []), key, requestId,
      ],
    );
  }
}

export interface NamedOptions<T> {
  /** Lock the row (the default): the mutation changes it, or rows under it. False: the row is only referred to. */
  lock?: boolean;
  /** Whether the caller may change this row they read (an EMPLOYER its own postings); no such row when not. */
  mayChange?: (row: T) => boolean;
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
 * waits for the first to finish and then returns its record without writing anything. `work` locks the rows it
 * changes with tx.lock(), in LOCK_ORDER; a run PostgreSQL stops all the same (deadlock, serialization) runs again.
 */
export async function mutate(ctx: HubContext, info: GraphQLResolveInfo, options: MutationOptions, work: (tx: MutationTx) => Promise<number>): Promise<Row | null> {
  const { viewer } = ctx;
  if (viewer.role === Role.PUBLIC || viewer.subject === null) throw forbidden(`${options.action} needs a token: changes are made by a known caller`);
  const idempotencyKey = options.idempotencyKey ?? null;
  if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)) {
    throw badInput(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`, { argument: 'input.idempotencyKey' });
  }
  const result = await retried(ctx, options.action, () => ctx.sql.transaction(async (rows) => {
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
  }));
  // committed: cached answers are out of date (src/cache/data-version.ts)
  await dataChanged();
  return ctx.loaders.byId(result.type, result.key, info);
}

/** SQLSTATEs of a transaction PostgreSQL stopped to let a concurrent one through: deadlock_detected, serialization_failure. */
// deadlock, serialization failure, and a prepared plan the tables changed under (a migration of a running hub)
const RETRIED_STATES = new Set(['40P01', '40001', '0A000']);
/** Runs of one mutation's transaction before it is answered TRANSACTION_CONFLICT. */
export const TRANSACTION_ATTEMPTS = 3;

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs the transaction again when PostgreSQL stopped it to break a deadlock or a serialization conflict: nothing of
 * it was written, and the lock order (LOCK_ORDER) should make this never happen; should it all the same (a path
 * outside the hub's mutations, a sweep), the caller gets the change or a code that says to send it again, never an
 * internal error. Each retry is counted (SqlRunner.transactionRetries: the request's log line and /metrics).
 */
async function retried<T>(ctx: HubContext, action: string, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const state = sqlState(error);
      if (state === undefined || !RETRIED_STATES.has(state)) throw error;
      ctx.sql.transactionRetries.push(state);
      if (attempt >= TRANSACTION_ATTEMPTS) {
        throw transactionConflict(`${action} met concurrent changes of the same records ${TRANSACTION_ATTEMPTS} times running and was not made; nothing was written: send it again`, state);
      }
      // a few milliseconds, at random, so that the two sides do not meet again in step
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8 * attempt));
    }
  }
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

/** "SupervisedExperienceLog" as a message names it: "supervised experience log"; a PeerSpecialist is a person. */
function noun(typeName: string): string {
  return typeName === 'PeerSpecialist' ? 'person' : typeName.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
}

/**
 * A record the change names that does not exist, that the caller may not read, or may not change: one answer for
 * all three, naming nothing but the caller's own argument, so that a refusal discloses nothing a read would not.
 */
export function noSuch(typeName: string, id: string, argument: string) {
  return badInput(`${argument}: there is no ${noun(typeName)} ${id} that you may change`, { argument });
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
