import pg from 'pg';

/** pg's Result as it runs (its type declarations leave out the methods its own queries build rows with). */
interface RowBuilder {
  rows: unknown[];
  addFields(fields: unknown[]): void;
  parseRow(values: unknown[]): unknown;
  addRow(row: unknown): void;
}

/** The type parsers of a connection: MikroORM gives each of its pg clients its own (dates and timestamps as text). */
export interface TypeParsers {
  getTypeParser(oid: number, format?: string): unknown;
}

// rows as objects (no row mode), parsed with the connection's parsers, as pg's own queries on it parse them
const newRowBuilder = (types: TypeParsers): RowBuilder => new (pg.Result as unknown as new (rowMode: undefined, types: TypeParsers) => RowBuilder)(undefined, types);

/**
 * Syntax errors, which PostgreSQL finds parsing the whole message before it runs any of its statements: the error
 * then says nothing of which statement it came from.
 */
const SYNTAX_ERROR = '42601';

/**
 * "cached plan must not change result type": a prepared statement whose table has changed its columns since (a
 * migration of a running hub). PostgreSQL refuses it on that session for good; prepared again elsewhere, it runs.
 */
export const STALE_PLAN = '0A000';

/** How many times a statement is sent again after STALE_PLAN, each time on a connection that has not failed it. */
export const MAX_REPLANS = 20;

/** Whether a statement that failed with `error` is to be sent again on another connection. */
export function replanned(statement: PendingStatement, error: unknown): boolean {
  if ((error as { code?: unknown } | undefined)?.code !== STALE_PLAN || !statement.name || (statement.replans ?? 0) >= MAX_REPLANS) return false;
  statement.replans = (statement.replans ?? 0) + 1;
  return true;
}

/**
 * A read waiting to be sent, and the promise it answers: its text with the values written in (sent by the simple
 * query protocol), or, with `values`, its text with $n placeholders and their values as pg sends them (the extended
 * protocol), as the named prepared statement `name` when it has one.
 */
export interface PendingStatement {
  text: string;
  values?: readonly (string | Buffer | null)[];
  name?: string;
  /** Times it was sent again because its prepared plan no longer fit the table (see STALE_PLAN). */
  replans?: number;
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** What pg's client hands a submittable query (only the part a batch uses): pg's Connection. */
export interface ProtocolConnection {
  query(text: string): void;
  parse(message: { text: string; name: string; types: number[] }): void;
  bind(message: { portal: string; statement: string; values: readonly (string | Buffer | null)[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
  sendCopyFail(message: string): void;
  /** The statement names this session has prepared, with their text: pg's own record, read by its queries. */
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  on(event: 'parseComplete', listener: () => void): void;
  off(event: 'parseComplete', listener: () => void): void;
}

/** The connection under a pooled pg client, with what it has prepared (pg's Client.connection). */
export function protocolOf(client: unknown): ProtocolConnection {
  return (client as { connection: ProtocolConnection }).connection;
}

interface RowDescription {
  fields: unknown[];
}

interface DataRow {
  fields: unknown[];
}

/**
 * Several reads sent as one message of the simple query protocol (their texts joined by semicolons, each on a line
 * of its own so that a trailing comment cannot swallow one), each answered with its own rows as PostgreSQL completes
 * it: one round trip and one wake-up of one backend instead of one per statement. PostgreSQL runs the statements of
 * such a message one after the other, in one implicit transaction, and stops at the first that fails: that statement
 * gets the error, and those after it, never run, are handed to `unrun` to be sent again. A syntax error names no
 * statement: then every statement not yet answered is sent again on its own, so that each gets its own answer.
 *
 * A pg "submittable" (the interface pg-cursor and pg-query-stream use): the client calls these handlers for each
 * message of the backend's answer while the batch is its active query.
 */
export class StatementBatch {
  private index = 0;
  private result: RowBuilder | null = null;
  private failed = false;
  private parseError: unknown = undefined;
  /** Set by pg's client when it is given a callback, and called by us once the answer is complete. */
  callback?: (error?: unknown) => void;

  constructor(
    private readonly statements: readonly PendingStatement[],
    private readonly types: TypeParsers,
    private readonly unrun: (statements: PendingStatement[], eachAlone: boolean) => void,
  ) {}

  /** The names this batch asked PostgreSQL to prepare, in order ('' for an unnamed one), until it confirms each. */
  private parsing: string[] = [];
  private protocol?: ProtocolConnection;

  submit(connection: ProtocolConnection): void {
    if (!this.statements.some((statement) => statement.values)) {
      connection.query(this.statements.map((s) => s.text).join('\n;\n'));
      return;
    }
    // the extended protocol, pipelined: each statement parsed (unless this session has it prepared), bound and run,
    // then one Sync; PostgreSQL runs them in order in one implicit transaction and skips the rest after an error
    const parsed = connection.parsedStatements;
    const parsing: string[] = [];
    connection.stream.cork?.();
    try {
      for (const statement of this.statements) {
        const name = statement.name ?? '';
        if (name === '' || (parsed[name] === undefined && !parsing.includes(name))) {
          connection.parse({ text: statement.text, name, types: [] });
          parsing.push(name);
        }
        connection.bind({ portal: '', statement: name, values: statement.values ?? [] });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    if (parsing.some((name) => name !== '')) {
      this.parsing = parsing;
      this.protocol = connection;
      connection.on('parseComplete', this.parseComplete);
    }
  }

  /** pg records a name as prepared only for its own queries: a batch records the ones PostgreSQL confirms. */
  private readonly parseComplete = (): void => {
    const name = this.parsing.shift();
    const statement = name ? this.statements.find((s) => s.name === name) : undefined;
    if (name && statement && this.protocol) this.protocol.parsedStatements[name] = statement.text;
  };

  private stopListening(): void {
    this.protocol?.off('parseComplete', this.parseComplete);
    this.protocol = undefined;
  }

  handleRowDescription(message: RowDescription): void {
    this.result = newRowBuilder(this.types);
    this.result.addFields(message.fields);
  }

  handleDataRow(message: DataRow): void {
    if (this.parseError !== undefined) return;
    const result = this.result!;
    try {
      result.addRow(result.parseRow(message.fields));
    } catch (error) {
      // a value its type parser refuses fails its statement alone, as pg's own queries fail
      this.parseError = error;
    }
  }

  handleCommandComplete(): void {
    const statement = this.statements[this.index++];
    if (this.parseError !== undefined) statement?.reject(this.parseError);
    // a statement with no row description (none here: every read is a select) answers no rows
    else statement?.resolve(this.result?.rows ?? []);
    this.result = null;
    this.parseError = undefined;
  }

  handleEmptyQuery(): void {}

  handlePortalSuspended(): void {}

  handleError(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.stopListening();
    // the extended protocol answers a statement's syntax error at that statement; one message of text, at none
    const simple = !this.statements.some((statement) => statement.values);
    if (simple && (error as { code?: unknown }).code === SYNTAX_ERROR && this.statements.length - this.index > 1) {
      this.unrun(this.statements.slice(this.index), true);
    } else if (this.statements[this.index] && replanned(this.statements[this.index], error)) {
      this.unrun(this.statements.slice(this.index), true);
    } else {
      this.statements[this.index]?.reject(error);
      const rest = this.statements.slice(this.index + 1);
      if (rest.length > 0) this.unrun(rest, false);
    }
    this.callback?.(error);
  }

  handleReadyForQuery(): void {
    this.stopListening();
    if (this.failed) return;
    // an answer short of a result per statement is not one pg's protocol allows; fail loudly rather than hang
    const missing = this.statements.slice(this.index);
    for (const statement of missing) statement.reject(new Error('PostgreSQL answered a batch of statements with fewer results than statements'));
    this.callback?.();
  }

  /** Reads never COPY; answered as pg's own queries answer a COPY they have no stream for. */
  handleCopyInResponse(connection: ProtocolConnection): void {
    connection.sendCopyFail('No source stream defined');
  }

  handleCopyData(): void {}
}
