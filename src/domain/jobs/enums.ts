import { registerEnumType } from 'type-graphql';

export enum PayUnit {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}
registerEnumType(PayUnit, { name: 'PayUnit', description: 'As schema.org unitText for a pay range.' });

export enum CertificationRequirement {
  REQUIRED = 'REQUIRED',
  PREFERRED = 'PREFERRED',
  WILLING_TO_OBTAIN = 'WILLING_TO_OBTAIN',
}
registerEnumType(CertificationRequirement, { name: 'CertificationRequirement' });

export enum JobPostingStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  PAUSED = 'PAUSED',
  FILLED = 'FILLED',
  EXPIRED = 'EXPIRED',
  CLOSED = 'CLOSED',
}
registerEnumType(JobPostingStatus, { name: 'JobPostingStatus' });
