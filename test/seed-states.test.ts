/**
 * The sample data shows every state of every workflow, so that a new user meets them all (issue: the seed exercises
 * every state of every workflow), and it stays so once the status sweep has brought it to today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './kit';
import { ApplicationKind, ApplicationStatus, CertificationStatus } from '../src/domain/credentials/enums';
import { AssistanceApplicationStatus } from '../src/domain/assistance/enums';
import { ExperienceLogStatus } from '../src/domain/supervision/enums';
import { JobPostingStatus } from '../src/domain/jobs/enums';
import { RegistrationStatus, TrainingEventStatus } from '../src/domain/training/enums';

let hub: TestHub;

beforeAll(async () => {
  // the hub sweeps as it starts: the data is as the first user sees it
  hub = await startTestHub({ seedScale: 1 });
});
afterAll(() => hub?.close());

const STATES: [string, string, readonly string[]][] = [
  ['certification', 'status', Object.values(CertificationStatus)],
  ['certification_application', 'status', Object.values(ApplicationStatus)],
  ['certification_application', 'kind', Object.values(ApplicationKind)],
  ['assistance_application', 'status', Object.values(AssistanceApplicationStatus)],
  ['supervised_experience_log', 'status', Object.values(ExperienceLogStatus)],
  ['job_posting', 'status', Object.values(JobPostingStatus)],
  ['training_event', 'status', Object.values(TrainingEventStatus)],
  ['training_registration', 'status', Object.values(RegistrationStatus)],
];

describe('the sample data', () => {
  it.each(STATES)('has every %s %s', async (table, column, values) => {
    const rows = await hub.sql<{ value: string }>(`select distinct ${column} as value from ${table}`);
    expect(rows.map((r) => r.value).sort()).toEqual([...values].sort());
  });
});
