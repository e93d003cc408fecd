/**
 * Languages (issue 22, point 5): job postings and supervisors say the languages they offer as BCP 47 tags, checked on
 * write (in canonical case, each once), and both are filtered on them through the one text-list filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectError, jobPostingDraft, ok, startTestHub, type TestHub } from './kit';
import { Role } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/global-id';
import { canonicalLanguage, languagesArgument } from '../src/graphql/languages';

let hub: TestHub;
let admin: Record<string, string>;
const CREATE = `mutation($input: CreateJobPostingDraftInput!) { createJobPostingDraft(input: $input) { id languages } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateJobPostingInput!) { updateJobPosting(id: $id, input: $input) { id languages } }`;
const POSTINGS = `query($filter: JobPostingFilter) { jobPostings(first: 20, filter: $filter, orderBy: [{ field: ID }]) { nodes { id languages } } }`;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await as({ role: Role.ADMIN });
  await hub.sql(`insert into jurisdiction (id, code, name, fips_code, population, population_year, sources) values (1, 'TX', 'Texas', '48', 30000000, 2024, '[]')`);
  await hub.sql(`insert into employer (id, jurisdiction_id, name, kind, city) values (1, 1, 'Alpha', 'PEER_RUN_ORGANIZATION', 'Austin')`);
});
afterAll(() => hub?.close());

describe('language tags', () => {
  it('are BCP 47 tags of the common form, in canonical case', () => {
    expect(['en', ' ES ', 'es-mx', 'zh-hant-tw', 'yue', 'es-419'].map(canonicalLanguage)).toEqual(['en', 'es', 'es-MX', 'zh-Hant-TW', 'yue', 'es-419']);
    for (const bad of ['spanish', 'e', 'en_US', 'en-', '', 'es-MXX', 'x-klingon']) expect(canonicalLanguage(bad)).toBeNull();
    expect(languagesArgument(['es', 'ES', 'en'], 'input.languages')).toEqual(['es', 'en']);
  });
});

describe('job postings', () => {
  it('take languages on create and update, checked and canonical, and are filtered on them', async () => {
    const employerId = toGlobalId('Employer', 1);
    const a = await ok(hub, CREATE, { input: jobPostingDraft({ employerId, languages: [' ES ', 'en', 'es'] }) }, admin);
    expect(a.languages).toEqual(['es', 'en']);
    const b = await ok(hub, CREATE, { input: jobPostingDraft({ employerId, languages: ['en'] }) }, admin);
    const c = await ok(hub, CREATE, { input: jobPostingDraft({ employerId }) }, admin);
    expect(c.languages).toEqual([]);
    expect(await hub.sql(`select languages from job_posting order by id`)).toEqual([{ languages: ['es', 'en'] }, { languages: ['en'] }, { languages: [] }]);

    expectError(await hub.query(CREATE, { input: jobPostingDraft({ employerId, languages: ['Spanish'] }) }, admin), 400, 'BAD_USER_INPUT', { argument: 'input.languages' });
    expectError(await hub.query(CREATE, { input: jobPostingDraft({ employerId, languages: Array.from({ length: 13 }, (_, i) => `a${String.fromCharCode(97 + i)}`) }) }, admin), 400, 'BAD_USER_INPUT', {
      argument: 'input.languages',
      limit: 12,
    });
    expect((await ok(hub, UPDATE, { id: b.id, input: { languages: ['vi', 'EN'] } }, admin)).languages).toEqual(['vi', 'en']);
    expect((await ok(hub, UPDATE, { id: a.id, input: { title: 'Peer specialist (bilingual)' } }, admin)).languages).toEqual(['es', 'en']);

    const ids = async (filter: Record<string, unknown>) => (await ok(hub, POSTINGS, { filter }, admin)).nodes.map((n: { id: string }) => n.id);
    expect(await ids({ languages: { hasAny: ['es', 'vi'] } })).toEqual([a.id, b.id]);
    expect(await ids({ languages: { hasAll: ['es', 'en'] } })).toEqual([a.id]);
    expect(await ids({ languages: { isEmpty: true } })).toEqual([c.id]);
    expect(await ids({ not: { languages: { hasAny: ['es'] } } })).toEqual([b.id, c.id]);

    expect((await ok(hub, UPDATE, { id: b.id, input: { languages: null } }, admin)).languages).toEqual([]);
  });

  it('the database refuses a tag not in canonical form, whoever writes', async () => {
    await expect(hub.sql(`update job_posting set languages = '{Spanish}' where id = 1`)).rejects.toThrow(/job_posting_languages_check/);
    await expect(hub.sql(`insert into supervisor (person_id, jurisdiction_id, clinical_basis, capacity, languages) values (1, 1, 'OTHER', 1, '{es-mx}')`)).rejects.toThrow(/supervisor_languages_check/);
  });
});
