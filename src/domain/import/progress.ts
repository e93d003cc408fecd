import type { ImportProgress } from './run';

const rate = (p: ImportProgress) => Math.round(p.rowsRead / Math.max(p.millis / 1000, 0.001));
const n = (value: number) => value.toLocaleString('en-US');

/**
 * Reports import progress: a bar redrawn in place with rows per second on a terminal, otherwise a plain line at
 * most every `everyMs` (logs and CI output stay readable).
 */
export function progressReporter(stream: NodeJS.WriteStream, everyMs = 2000) {
  let lastLine = 0;
  const tty = Boolean(stream.isTTY);
  return {
    update(p: ImportProgress) {
      const share = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 1;
      if (tty) {
        const width = 30;
        const filled = Math.round(share * width);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${n(p.rowsRead)} rows, ${n(rate(p))} rows/s, ${n(p.rejected)} rejected `);
        return;
      }
      const now = Date.now();
      if (now - lastLine < everyMs && share < 1) return;
      lastLine = now;
      stream.write(`progress: ${(share * 100).toFixed(0)}% ${n(p.rowsRead)} rows read, ${n(rate(p))} rows/s, ${n(p.inserted)} inserted, ${n(p.updated)} updated, ${n(p.unchanged)} unchanged, ${n(p.rejected)} rejected\n`);
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}
