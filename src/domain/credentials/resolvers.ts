import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { fieldNeeds } from '../../graphql/plan';
import { entityResolver, toMany, toOne, toOwners } from '../../graphql/relations';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { CertificationStatus } from './enums';
import { statusOn } from './lifecycle';
import { profileOn, requirementProfiles } from './profiles';
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
      'The status on a day (today when left out), from the dates of the current cycle and the requirement profile in force when it began: ACTIVE to expiresOn (PROVISIONAL before fullCertifiedOn), then IN_GRACE for the grace months, LATE_RENEWAL to the late-renewal months, then EXPIRED. Statuses set by decisions (APPLIED, DENIED, SUSPENDED, REVOKED, RELINQUISHED, INACTIVE, CLOSED) read as recorded; null before the first issue. `status` holds the same for today once the daily sweep has run.',
  })
  async statusOn(@Root() row: Row, @Arg('date', () => DateScalar, { nullable: true }) date: string | null, @Ctx() ctx: HubContext): Promise<CertificationStatus | null> {
    const issued = (row.issuedOn as string | null) ?? (row.firstIssuedOn as string | null);
    const profile = issued === null ? null : profileOn(await requirementProfiles(ctx), row.credentialTypeId as number, issued);
    const certification = { status: row.status as CertificationStatus, firstIssuedOn: row.firstIssuedOn as string | null, fullCertifiedOn: row.fullCertifiedOn as string | null, expiresOn: row.expiresOn as string | null };
    return statusOn(date ?? todayUtc(), certification, profile);
  }
}

fieldNeeds(Certification, 'statusOn', { columns: ['status', 'firstIssuedOn', 'fullCertifiedOn', 'issuedOn', 'expiresOn', 'credentialTypeId'] });

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
