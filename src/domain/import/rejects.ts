import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Reject } from './rows';

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The rejects file: line, column, value, reason, one row per reason (a row can have several). */
export class RejectsFile {
  private readonly out: WriteStream;
  count = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.write('line,column,value,reason\n');
  }

  add(reject: Reject): void {
    this.count++;
    this.out.write(`${[reject.line, reject.column, reject.value, reject.reason].map(csvField).join(',')}\n`);
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
