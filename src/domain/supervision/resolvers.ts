import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne } from '../../graphql/relations';
import { Certification, CredentialType } from '../credentials/entities';
import { Employer, ServiceProgram } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { SupervisedExperienceLog, Supervision, Supervisor } from './entities';

export const SupervisorResolver = entityResolver(Supervisor, {
  byId: 'supervisor',
  list: 'supervisors',
  relations: {
    person: toOne(() => PeerSpecialist, 'person'),
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    employer: toOne(() => Employer, 'employer', { nullable: true }),
    supervisorCertification: toOne(() => Certification, 'supervisorCertification', { nullable: true, description: 'The supervisor credential held (TX PSS); null for clinicians.' }),
    credentialType: toOne(() => CredentialType, 'credentialType', { nullable: true, description: 'The type of the supervisor credential held (TX PSS); null for clinicians.' }),
    experienceLogs: toMany(() => SupervisedExperienceLog, 'supervisor', "Hours logged by this supervisor's supervisees."),
    supervisions: toMany(() => Supervision, 'supervisor', 'Requests for supervision made to this supervisor, and the supervisions (the supervisor and administrators read them; an intern their own).'),
  },
});

export const SupervisionResolver = entityResolver(Supervision, {
  byId: 'supervision',
  list: 'supervisions',
  relations: {
    person: toOne(() => PeerSpecialist, 'person', { description: 'The intern.' }),
    supervisor: toOne(() => Supervisor, 'supervisor'),
  },
});

export const SupervisedExperienceLogResolver = entityResolver(SupervisedExperienceLog, {
  byId: 'supervisedExperienceLog',
  list: 'supervisedExperienceLogs',
  relations: {
    person: toOne(() => PeerSpecialist, 'person'),
    certification: toOne(() => Certification, 'certification'),
    supervisor: toOne(() => Supervisor, 'supervisor'),
    employer: toOne(() => Employer, 'employer', { nullable: true, description: 'The site where the hours were worked.' }),
    program: toOne(() => ServiceProgram, 'program', { nullable: true }),
  },
});
