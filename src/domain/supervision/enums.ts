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

export enum SupervisionStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
  ENDED = 'ENDED',
}
registerEnumType(SupervisionStatus, {
  name: 'SupervisionStatus',
  description:
    'Where an intern\'s request for supervision stands: REQUESTED (waiting for the supervisor), ACCEPTED (in force from startsOn, through endsOn when an end is set), DECLINED, WITHDRAWN (by the intern), ENDED (read once the day after endsOn has come).',
});
