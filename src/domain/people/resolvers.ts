import { Resolver } from 'type-graphql';
import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne } from '../../graphql/relations';
import { AssistanceApplication } from '../assistance/entities';
import { Certification, CertificationApplication } from '../credentials/entities';
import { Employment } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { SupervisedExperienceLog, Supervisor } from '../supervision/entities';
import { ContinuingEducationRecord, TrainingRegistration } from '../training/entities';
import { PeerSpecialist } from './entities';

@Resolver(() => PeerSpecialist)
export class PeerSpecialistResolver extends entityResolver(PeerSpecialist, {
  byId: 'peerSpecialist',
  list: 'peerSpecialists',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction', { description: 'The state of residence.' }),
    certifications: toMany(() => Certification, 'person'),
    certificationApplications: toMany(() => CertificationApplication, 'person'),
    employments: toMany(() => Employment, 'person'),
    trainingRegistrations: toMany(() => TrainingRegistration, 'person'),
    continuingEducation: toMany(() => ContinuingEducationRecord, 'person'),
    supervisedExperienceLogs: toMany(() => SupervisedExperienceLog, 'person'),
    assistanceApplications: toMany(() => AssistanceApplication, 'applicant'),
    supervisorRoles: toMany(() => Supervisor, 'person', "The person's roles as a supervisor."),
  },
}) {}
