import { registerEnumType } from 'type-graphql';

export enum CourseKind {
  ORIENTATION = 'ORIENTATION',
  CORE = 'CORE',
  SUPPLEMENTAL = 'SUPPLEMENTAL',
  SUPERVISOR = 'SUPERVISOR',
  CEU = 'CEU',
}
registerEnumType(CourseKind, { name: 'CourseKind', description: 'Which step of a credential a course belongs to.' });

export enum TrainingFormat {
  IN_PERSON = 'IN_PERSON',
  VIRTUAL_LIVE = 'VIRTUAL_LIVE',
  HYBRID = 'HYBRID',
  SELF_PACED = 'SELF_PACED',
}
registerEnumType(TrainingFormat, { name: 'TrainingFormat', description: 'How a course is delivered.' });

export enum TrainingEventStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(TrainingEventStatus, { name: 'TrainingEventStatus', description: 'Whether a scheduled course takes place.' });

export enum RegistrationStatus {
  REGISTERED = 'REGISTERED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
  NO_SHOW = 'NO_SHOW',
}
registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: 'REGISTERED holds a seat; WAITLISTED waits for one; COMPLETED attended to the end (see passed).',
});
