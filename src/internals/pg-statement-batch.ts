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

/** A read waiting to be sent: its text, with the values written in, and the promise it answers. */
export interface PendingStatement {
  text: string;
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** What pg's client hands a submittable query (only the part a batch uses). */
interface ProtocolConnection {
  query(text: string): void;
  sendCopyFail(message: string): void;
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

  submit(connection: ProtocolConnection): void {
    connection.query(this.statements.map((s) => s.text).join('\n;\n'));
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
    if ((error as { code?: unknown }).code === SYNTAX_ERROR && this.statements.length - this.index > 1) {
      this.unrun(this.statements.slice(this.index), true);
    } else {
      this.statements[this.index]?.reject(error);
      const rest = this.statements.slice(this.index + 1);
      if (rest.length > 0) this.unrun(rest, false);
    }
    this.callback?.(error);
  }

  handleReadyForQuery(): void {
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
