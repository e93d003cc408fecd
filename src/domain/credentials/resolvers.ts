import { entityResolver, toMany, toOne, toOwners } from '../../graphql/relations';
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

export const CertificationResolver = entityResolver(Certification, {
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
});

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
