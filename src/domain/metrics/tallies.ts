import { Entity, Index, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/**
 * Certifications counted by what the workforce figures ask of them: a few thousand rows where the certification
 * table has a hundred thousand. Kept current inside every write to certification by statement-level triggers
 * (migrations/Migration20261204120000.ts), whoever writes: the hub, the seed, an import or plain SQL.
 * The key holds what the status on any day follows from (src/domain/credentials/lifecycle.ts), so that a figure as
 * of a day reads the status that day has, whatever the stored one says: `status` is DATED for a dated status with an
 * expiry (the dates decide), else the recorded status. A missing date is stored as the infinity that keeps every
 * comparison false: an issue date as +infinity (never on or before a day), an expiry as -infinity (never on or after
 * one), fullOn as +infinity (never full).
 */
@Entity({ tableName: 'certification_cycle_tally' })
// the primary key serves in force, expiring and lapsed (status, then expiry); this one the renewals of a period
@Index({
  name: 'certification_cycle_tally_renewed_index',
  expression: 'create index "certification_cycle_tally_renewed_index" on "certification_cycle_tally" ("issued_on") include ("jurisdiction_id", "credential_type_id", "renewed_on_time", "certifications") where "renewed"',
})
// the corrections to certification_expiry_tally's counts on a day (workforce-sql.ts): the DATED groups first issued
// after the day, and those not full on it, each one short range read from its index alone
@Index({
  name: 'certification_cycle_tally_first_issued_index',
  expression: 'create index "certification_cycle_tally_first_issued_index" on "certification_cycle_tally" ("first_issued_on") include ("expires_on", "jurisdiction_id", "credential_type_id", "certifications") where "status" = \'DATED\'',
})
@Index({
  name: 'certification_cycle_tally_full_on_index',
  expression: 'create index "certification_cycle_tally_full_on_index" on "certification_cycle_tally" ("full_on") include ("expires_on", "first_issued_on", "jurisdiction_id", "credential_type_id", "certifications") where "status" = \'DATED\'',
})
export class CertificationCycleTally {
  @PrimaryKey({ type: 'text' })
  status!: string;

  @PrimaryKey({ type: 'date' })
  expiresOn!: string;

  @PrimaryKey({ type: 'date' })
  issuedOn!: string;

  @PrimaryKey({ type: 'date' })
  firstIssuedOn!: string;

  /** The day the certification is full from: -infinity when it was full from its first issue. */
  @PrimaryKey({ type: 'date' })
  fullOn!: string;

  @PrimaryKey({ type: 'date' })
  graceEndsOn!: string;

  @PrimaryKey({ type: 'date' })
  lateRenewalEndsOn!: string;

  @PrimaryKey({ type: 'integer' })
  jurisdictionId!: number;

  @PrimaryKey({ type: 'integer' })
  credentialTypeId!: number;

  /** lastRenewedOn is set. */
  @PrimaryKey({ type: 'boolean' })
  renewed!: boolean;

  /** lastRenewedOn is on or before issuedOn. */
  @PrimaryKey({ type: 'boolean' })
  renewedOnTime!: boolean;

  @Property({ type: 'integer' })
  certifications!: number;

  [PrimaryKeyProp]?: ['status', 'expiresOn', 'issuedOn', 'firstIssuedOn', 'fullOn', 'graceEndsOn', 'lateRenewalEndsOn', 'jurisdictionId', 'credentialTypeId', 'renewed', 'renewedOnTime'];
}

/**
 * Certifications by status and expiry alone: the certification_cycle_tally without the dates that make nearly every
 * group its own (first issue, full, issue), so that counting those in force on a day reads a few thousand groups
 * instead of tens of thousands. The few groups first issued after the day, or not full on it, are taken from the
 * cycle tally by its partial indexes (workforce-sql.ts). Kept by the same triggers.
 */
@Entity({ tableName: 'certification_expiry_tally' })
export class CertificationExpiryTally {
  /** DATED, or the recorded status, as in certification_cycle_tally. */
  @PrimaryKey({ type: 'text' })
  status!: string;

  @PrimaryKey({ type: 'date' })
  expiresOn!: string;

  @PrimaryKey({ type: 'integer' })
  jurisdictionId!: number;

  @PrimaryKey({ type: 'integer' })
  credentialTypeId!: number;

  @Property({ type: 'integer' })
  certifications!: number;

  [PrimaryKeyProp]?: ['status', 'expiresOn', 'jurisdictionId', 'credentialTypeId'];
}

/** Certifications by the day they were first issued (those never issued are not counted). */
@Entity({ tableName: 'certification_issue_tally' })
// whether a jurisdiction keeps certifications by a day: one probe per jurisdiction (workforce coverage)
@Index({ name: 'certification_issue_tally_jurisdiction_index', properties: ['jurisdictionId', 'credentialTypeId', 'firstIssuedOn'] })
export class CertificationIssueTally {
  @PrimaryKey({ type: 'date' })
  firstIssuedOn!: string;

  @PrimaryKey({ type: 'integer' })
  jurisdictionId!: number;

  @PrimaryKey({ type: 'integer' })
  credentialTypeId!: number;

  @Property({ type: 'integer' })
  certifications!: number;

  [PrimaryKeyProp]?: ['firstIssuedOn', 'jurisdictionId', 'credentialTypeId'];
}
