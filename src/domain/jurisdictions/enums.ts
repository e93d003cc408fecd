import { registerEnumType } from 'type-graphql';

export enum CertifyingBodyKind {
  STATE_AGENCY = 'STATE_AGENCY',
  CERTIFICATION_BOARD = 'CERTIFICATION_BOARD',
  HEALTH_DEPARTMENT = 'HEALTH_DEPARTMENT',
  OTHER = 'OTHER',
}
registerEnumType(CertifyingBodyKind, { name: 'CertifyingBodyKind', description: 'What kind of organisation issues a credential.' });
