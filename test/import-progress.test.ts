/** The import's progress report: a bar redrawn in place on a terminal, plain lines at a bounded rate otherwise. */
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../src/domain/import/progress';
import type { ImportProgress } from '../src/domain/import/run';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
}

const at = (rowsRead: number, bytesRead: number): ImportProgress => ({
  rowsRead, inserted: rowsRead - 2, updated: 1, unchanged: 1, rejected: 0, bytesRead, totalBytes: 1000, millis: 2000,
});

describe('progressReporter', () => {
  it('on a terminal redraws one line with the share, rows and rows per second, and ends it', () => {
    const { written, out } = stream(true);
    const progress = progressReporter(out);
    progress.update(at(5000, 500));
    progress.update(at(10000, 1000));
    progress.done();
    expect(written[0]).toBe('\r[###############---------------]  50% 5,000 rows, 2,500 rows/s, 0 rejected ');
    expect(written[1]).toBe('\r[##############################] 100% 10,000 rows, 5,000 rows/s, 0 rejected ');
    expect(written[2]).toBe('\n');
  });

  it('elsewhere writes whole lines, at most one per interval, and always the last', () => {
    const { written, out } = stream(false);
    const progress = progressReporter(out, 60_000);
    progress.update(at(5000, 500));
    progress.update(at(6000, 600));
    progress.update(at(10000, 1000));
    progress.done();
    expect(written).toEqual([
      'progress: 50% 5,000 rows read, 2,500 rows/s, 4,998 inserted, 1 updated, 1 unchanged, 0 rejected\n',
      'progress: 100% 10,000 rows read, 5,000 rows/s, 9,998 inserted, 1 updated, 1 unchanged, 0 rejected\n',
    ]);
  });
});
