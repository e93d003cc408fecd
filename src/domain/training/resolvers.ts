import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne } from '../../graphql/relations';
import { Certification, CredentialType } from '../credentials/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { ContinuingEducationRecord, TrainingEvent, TrainingOrganization, TrainingRegistration } from './entities';

export const TrainingOrganizationResolver = entityResolver(TrainingOrganization, {
  byId: 'trainingOrganization',
  list: 'trainingOrganizations',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction', { nullable: true, description: 'Home jurisdiction; null for national organisations.' }),
    events: toMany(() => TrainingEvent, 'organization'),
  },
});

export const TrainingEventResolver = entityResolver(TrainingEvent, {
  byId: 'trainingEvent',
  list: 'trainingEvents',
  relations: {
    organization: toOne(() => TrainingOrganization, 'organization'),
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    credentialType: toOne(() => CredentialType, 'credentialType', { nullable: true, description: 'The credential the course prepares for.' }),
    continuingEducation: toMany(() => ContinuingEducationRecord, 'trainingEvent', 'CE credited for attending the event.'),
    registrations: toMany(() => TrainingRegistration, 'event'),
  },
});

export const TrainingRegistrationResolver = entityResolver(TrainingRegistration, {
  byId: 'trainingRegistration',
  list: 'trainingRegistrations',
  relations: {
    event: toOne(() => TrainingEvent, 'event'),
    person: toOne(() => PeerSpecialist, 'person'),
  },
});

export const ContinuingEducationRecordResolver = entityResolver(ContinuingEducationRecord, {
  byId: 'continuingEducationRecord',
  list: 'continuingEducationRecords',
  relations: {
    person: toOne(() => PeerSpecialist, 'person'),
    certification: toOne(() => Certification, 'certification', { description: 'The certification whose cycle the hours count toward.' }),
    trainingEvent: toOne(() => TrainingEvent, 'trainingEvent', { nullable: true }),
  },
});
