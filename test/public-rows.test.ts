/**
 * The job postings anyone may read are declared by the jobs area (src/domain/jobs/status.ts), where the rule of a
 * posting's status lives: asked for before that area is loaded, the condition fails rather than show or hide rows.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_ROWS, type RowCondition } from '../src/auth/visibility';

describe('public rows declared by their area', () => {
  it('refuses to answer for job postings until the jobs area declared its condition, then answers with it', async () => {
    const postings = PUBLIC_ROWS.JobPosting as RowCondition;
    expect(() => postings('p')).toThrow('the public JobPosting rows are declared by src/domain/jobs/status.ts, which was not loaded');
    const { liveOpenPostingSql } = await import('../src/domain/jobs/status');
    expect(postings('p')).toBe(liveOpenPostingSql('p'));
    expect(postings('p')).toContain(`p."status" = 'OPEN'`);
  });
});
