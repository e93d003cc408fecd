import { Arg, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Row } from '../../graphql/loaders';
import { fieldNeeds } from '../../graphql/plan';
import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne, toOwners } from '../../graphql/relations';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { CertificationStatus } from './enums';
import { statusOn } from './lifecycle';
import { JobPosting } from '../jobs/entities';
import { CertifyingBody, Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { SupervisedExperienceLog, Supervisor } from '../supervision/entities';
import { ContinuingEducationRecord, TrainingEvent } from '../training/entities';
import { Certification, CertificationApplication, CredentialType, RequirementProfile } from './entities';

export const CredentialTypeResolver = entityResolver(CredentialType, {
  byId: 'credentialType',
  list: 'credentialTypes',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    certifyingBody: toOne(() => CertifyingBody, 'certifyingBody'),
    requirementProfiles: toMany(() => RequirementProfile, 'credentialType', 'Every version of the rules, oldest first.'),
    certifications: toMany(() => Certification, 'credentialType'),
    certificationApplications: toMany(() => CertificationApplication, 'credentialType'),
    jobPostings: toOwners(() => JobPosting, 'acceptedCredentialTypes', 'Job postings that accept this credential.'),
    trainingEvents: toMany(() => TrainingEvent, 'credentialType'),
  },
});

export const RequirementProfileResolver = entityResolver(RequirementProfile, {
  byId: 'requirementProfile',
  list: 'requirementProfiles',
  relations: {
    credentialType: toOne(() => CredentialType, 'credentialType'),
  },
});

@Resolver(() => Certification)
export class CertificationResolver extends entityResolver(Certification, {
  byId: 'certification',
  list: 'certifications',
  relations: {
    person: toOne(() => PeerSpecialist, 'person', { description: 'The holder.' }),
    credentialType: toOne(() => CredentialType, 'credentialType'),
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    applications: toMany(() => CertificationApplication, 'certification'),
    continuingEducation: toMany(() => ContinuingEducationRecord, 'certification'),
    supervisedExperienceLogs: toMany(() => SupervisedExperienceLog, 'certification'),
    supervisorRoles: toMany(() => Supervisor, 'supervisorCertification', 'Supervisor roles this (supervisor) credential qualifies.'),
  },
}) {
  @FieldResolver(() => CertificationStatus, {
    nullable: true,
    description:
      'The status on a day (today when left out) by the rule `status` follows: ACTIVE to expiresOn (PROVISIONAL before fullCertifiedOn), IN_GRACE to graceEndsOn, LATE_RENEWAL to lateRenewalEndsOn, then EXPIRED. Statuses set by decisions (APPLIED, DENIED, SUSPENDED, REVOKED, RELINQUISHED, INACTIVE, CLOSED) read as recorded; null before the first issue. Without a date it equals `status`.',
  })
  statusOn(@Root() row: Row, @Arg('date', () => DateScalar, { nullable: true }) date: string | null): CertificationStatus | null {
    return statusOn(date ?? todayUtc(), {
      // the status as read today stands for the recorded one: the rule gives the same for any dated status
      status: row.status as CertificationStatus,
      firstIssuedOn: row.firstIssuedOn as string | null,
      fullCertifiedOn: row.fullCertifiedOn as string | null,
      expiresOn: row.expiresOn as string | null,
      graceEndsOn: row.graceEndsOn as string | null,
      lateRenewalEndsOn: row.lateRenewalEndsOn as string | null,
    });
  }
}

fieldNeeds(Certification, 'statusOn', { columns: ['status', 'firstIssuedOn', 'fullCertifiedOn', 'expiresOn', 'graceEndsOn', 'lateRenewalEndsOn'] });

export const CertificationApplicationResolver = entityResolver(CertificationApplication, {
  byId: 'certificationApplication',
  list: 'certificationApplications',
  relations: {
    person: toOne(() => PeerSpecialist, 'person', { description: 'The applicant.' }),
    credentialType: toOne(() => CredentialType, 'credentialType'),
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    certification: toOne(() => Certification, 'certification', { nullable: true, description: 'The certification the application created or renews.' }),
  },
});
