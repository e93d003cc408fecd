import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne } from '../../graphql/relations';
import { JobPosting } from '../jobs/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { SupervisedExperienceLog, Supervisor } from '../supervision/entities';
import { Employer, Employment, ServiceProgram } from './entities';

export const EmployerResolver = entityResolver(Employer, {
  byId: 'employer',
  list: 'employers',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    programs: toMany(() => ServiceProgram, 'employer', 'The service programs the employer runs.'),
    employments: toMany(() => Employment, 'employer', 'Positions held with the employer, current and past.'),
    supervisors: toMany(() => Supervisor, 'employer'),
    jobPostings: toMany(() => JobPosting, 'employer'),
    supervisedExperienceLogs: toMany(() => SupervisedExperienceLog, 'employer', 'Supervised hours worked at this employer.'),
  },
});

export const ServiceProgramResolver = entityResolver(ServiceProgram, {
  byId: 'serviceProgram',
  list: 'servicePrograms',
  relations: {
    employer: toOne(() => Employer, 'employer'),
    employments: toMany(() => Employment, 'program'),
    jobPostings: toMany(() => JobPosting, 'program'),
    supervisedExperienceLogs: toMany(() => SupervisedExperienceLog, 'program', 'Supervised hours worked in this program.'),
  },
});

export const EmploymentResolver = entityResolver(Employment, {
  byId: 'employment',
  list: 'employments',
  relations: {
    person: toOne(() => PeerSpecialist, 'person'),
    employer: toOne(() => Employer, 'employer'),
    program: toOne(() => ServiceProgram, 'program', { nullable: true }),
  },
});
