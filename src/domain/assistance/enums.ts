import { registerEnumType } from 'type-graphql';

export enum AssistancePurpose {
  TRAINING = 'TRAINING',
  BACKGROUND_CHECK = 'BACKGROUND_CHECK',
  APPLICATION_FEE = 'APPLICATION_FEE',
  EXAM = 'EXAM',
  RENEWAL = 'RENEWAL',
}
registerEnumType(AssistancePurpose, { name: 'AssistancePurpose', description: 'What an assistance award pays for.' });

export enum AssistanceApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  APPROVED = 'APPROVED',
  DENIED = 'DENIED',
  WAITLISTED = 'WAITLISTED',
  DISBURSED = 'DISBURSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(AssistanceApplicationStatus, {
  name: 'AssistanceApplicationStatus',
  description: 'WAITLISTED: the fund had too little left when reviewed. DISBURSED: the award was paid out.',
});
