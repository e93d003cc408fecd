/**
 * No read decides on a stored status that dates drive: SQL comparing a row's status with one of those values must go
 * through the one rule (src/graphql/dated.ts: certificationStatusIsSql, postingStatusIsSql, trainingEventStatusIsSql,
 * datedIn), and code through its twins (certificationStatusOfRow, postingStatusAsRead, trainingEventStatusAsRead).
 * The stored column may lag the dates until the sweep, so a comparison with it is the bug this test looks for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../src/paths';

/** The modules that define the rules, and so compare the stored column on purpose. */
const RULES = ['src/domain/credentials/lifecycle.ts', 'src/domain/jobs/status.ts', 'src/domain/training/status.ts'];

/** Comparisons found that are not of a dated status, each with why. */
const NOT_DATED: Record<string, string> = {
  // a training registration's status: set by the workflow, not by dates
  "src/domain/people/progress.ts: r.status = 'COMPLETED'": 'registration',
  // editing a posting stored OPEN, whether it reads OPEN or EXPIRED (past validThrough): the edit must keep or give it
  // a validThrough after today, which is what reopens an expired one
  'src/domain/jobs/workflow.ts: posting.status === Status.OPEN': 'stored OPEN, on purpose',
};

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const DATED_VALUES = 'ACTIVE|PROVISIONAL|IN_GRACE|LATE_RENEWAL|EXPIRED|OPEN|SCHEDULED|COMPLETED';
// a row's status (alias-qualified, as a read's condition writes it) compared with a dated value
const SQL_COMPARISON = new RegExp(`\\b[a-z][a-z0-9_]*\\."?status"?\\s*(?:=|<>|!=|in|not in)\\s*\\(?\\s*'(?:${DATED_VALUES})'`, 'g');
// a certification, posting or event row's stored status compared in code
const CODE_COMPARISON = new RegExp(`\\b(?:certification|posting|event)\\w*\\.status\\s*[!=]==\\s*\\w+\\.(?:${DATED_VALUES})\\b`, 'g');

describe('reads of statuses that dates drive', () => {
  it('go through the one rule: no SQL or code outside the rules compares a stored dated status', () => {
    const found: string[] = [];
    for (const file of sources(fromRoot('src'))) {
      const name = relative(fromRoot('.'), file);
      if (RULES.includes(name)) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of [...text.matchAll(SQL_COMPARISON), ...text.matchAll(CODE_COMPARISON)]) found.push(`${name}: ${match[0]}`);
    }
    expect(found.filter((hit) => !Object.hasOwn(NOT_DATED, hit))).toEqual([]);
    // the allowlist holds only what is still there
    expect(Object.keys(NOT_DATED).filter((hit) => !found.includes(hit))).toEqual([]);
  });

  it('would catch the comparisons it is for', () => {
    const hits = (text: string) => [...text.matchAll(SQL_COMPARISON), ...text.matchAll(CODE_COMPARISON)].map((m) => m[0]);
    expect(hits(`where c."status" in ('ACTIVE', 'PROVISIONAL')`)).toHaveLength(1);
    expect(hits(`and p.status = 'OPEN'`)).toHaveLength(1);
    expect(hits(`if (certification.status !== CertificationStatus.PROVISIONAL)`)).toHaveLength(1);
    // writes set the column; they are not reads
    expect(hits(`update "certification" set "status" = 'ACTIVE'`)).toEqual([]);
  });
});
