import { registerEnumType } from 'type-graphql';

export enum ClinicalBasis {
  CERTIFIED_PEER_SUPERVISOR = 'CERTIFIED_PEER_SUPERVISOR',
  LICENSED_CLINICIAN = 'LICENSED_CLINICIAN',
  QUALIFIED_MENTAL_HEALTH_PROFESSIONAL = 'QUALIFIED_MENTAL_HEALTH_PROFESSIONAL',
  OTHER = 'OTHER',
}
registerEnumType(ClinicalBasis, { name: 'ClinicalBasis', description: 'What qualifies a supervisor to supervise.' });

export enum ExperienceLogStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ExperienceLogStatus, { name: 'ExperienceLogStatus', description: 'Sign-off state of logged supervised hours.' });
