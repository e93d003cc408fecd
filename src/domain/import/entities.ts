import { Entity, Enum, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { Keyed } from '../base';
import { Jurisdiction } from '../jurisdictions/entities';

export enum ImportRunStatus {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  /** Stopped by an error; the batches written before it stay written. */
  FAILED = 'FAILED',
  /** The process ended mid-run (killed, crashed); found RUNNING by the next run of the same jurisdiction. */
  INTERRUPTED = 'INTERRUPTED',
}

/** One run of the roster import: what was read, from which file, and what it changed. */
@Entity()
export class ImportRun extends Keyed {
  @Property({ type: 'string' })
  format!: string;

  @ManyToOne(() => Jurisdiction, { index: true })
  jurisdiction!: Jurisdiction;

  @Property({ type: 'string' })
  fileName!: string;

  /** SHA-256 of the file's bytes, hex. */
  @Property({ type: 'string', length: 64, index: true })
  fileChecksum!: string;

  @Property({ type: 'bigint' })
  fileBytes!: string;

  @Property({ type: 'boolean' })
  dryRun!: boolean;

  @Enum({ items: () => ImportRunStatus })
  status!: ImportRunStatus;

  /** Who ran it: the token's subject over HTTP, the operating-system user on the command line. */
  @Property({ type: 'string' })
  requestedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'current_timestamp' })
  startedAt!: Date & Opt;

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'integer', default: 0 })
  rowsRead: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  inserted: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  updated: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  unchanged: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  rejected: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  error?: string | null;
}
