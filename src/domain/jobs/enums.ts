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
registerEnumType(CertificationRequirement, {
  name: 'CertificationRequirement',
  description: 'Whether a job needs the candidate to hold a peer credential already, prefers it, or accepts one who will obtain it.',
});

export enum JobPostingStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  PAUSED = 'PAUSED',
  FILLED = 'FILLED',
  EXPIRED = 'EXPIRED',
  CLOSED = 'CLOSED',
}
registerEnumType(JobPostingStatus, {
  name: 'JobPostingStatus',
  description: 'DRAFT is unpublished; OPEN takes applications; PAUSED is hidden for now; FILLED and CLOSED are final; EXPIRED is past its valid-through date.',
});
