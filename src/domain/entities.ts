import { AssistanceApplication, AssistanceFund } from './assistance/entities';
import { Certification, CertificationApplication, CredentialType, RequirementProfile } from './credentials/entities';
import { Employer, Employment, ServiceProgram } from './employers/entities';
import { JobPosting, JobPostingAcceptedCredentialType } from './jobs/entities';
import { CertifyingBody, Jurisdiction } from './jurisdictions/entities';
import { PeerSpecialist } from './people/entities';
import { Supervision, Supervisor, SupervisedExperienceLog } from './supervision/entities';
import { ContinuingEducationRecord, TrainingEvent, TrainingOrganization, TrainingRegistration } from './training/entities';
import { AuditRecord, IdempotencyKey } from './audit/entities';
import { Keyed, DataRecord } from './base';
import { CertificationCycleTally, CertificationExpiryTally, CertificationIssueTally } from './metrics/tallies';
import { ImportRun } from './import/entities';
import { PostalCodeCentroid } from './locations/entities';
import { HubEvent } from './events/entities';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from './webhooks/entities';

/** Every table of the hub, in an order where each refers only to those before it (seeding relies on it). */
export const entities = [
  Jurisdiction,
  CertifyingBody,
  CredentialType,
  RequirementProfile,
  PeerSpecialist,
  Certification,
  CertificationApplication,
  TrainingOrganization,
  TrainingEvent,
  TrainingRegistration,
  ContinuingEducationRecord,
  Employer,
  ServiceProgram,
  Employment,
  Supervisor,
  Supervision,
  SupervisedExperienceLog,
  AssistanceFund,
  AssistanceApplication,
  JobPosting,
  JobPostingAcceptedCredentialType,
  AuditRecord,
  ImportRun,
] as const;

/** With the summary tables the triggers keep (not exposed, not seeded: derived from certification), the events and webhooks (not seeded). */
export const allEntities = [Keyed, DataRecord, ...entities, IdempotencyKey, CertificationCycleTally, CertificationExpiryTally, CertificationIssueTally, PostalCodeCentroid, HubEvent,
  WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt];

export {
  AssistanceApplication, AssistanceFund, AuditRecord, Certification, CertificationApplication, CertifyingBody, ContinuingEducationRecord,
  CredentialType, Employer, Employment, JobPosting, JobPostingAcceptedCredentialType, Jurisdiction, PeerSpecialist, RequirementProfile, ServiceProgram,
  SupervisedExperienceLog, Supervision, Supervisor, TrainingEvent, TrainingOrganization, TrainingRegistration,
};
