import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** A file refused whole, before anything is written. */
export class FileRefused extends Error {}

export interface FileScan {
  /** SHA-256 of the bytes, hex. */
  checksum: string;
  bytes: number;
}

/** Bytes a UTF-8 sequence starting with `lead` takes, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** How many bytes at the end of `chunk` begin a sequence the next chunk completes. */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back];
    if ((byte & 0xc0) !== 0x80) {
      const length = sequenceLength(byte);
      return length > back ? back : 0;
    }
  }
  return 0;
}

/** The first invalid position of a buffer isUtf8 refused (a slow walk, run once, on the refused chunk only). */
function firstInvalid(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes[i]);
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

function countLines(bytes: Buffer, end = bytes.length): number {
  let n = 0;
  for (let at = bytes.indexOf(10); at !== -1 && at < end; at = bytes.indexOf(10, at + 1)) n++;
  return n;
}

/**
 * Reads the whole file once before the import writes anything: its checksum (the records' provenance) and whether
 * it is UTF-8 throughout. A UTF-16 file, or a byte that is not UTF-8 (a Latin-1 export, say), refuses the file
 * with the line and byte where it shows.
 */
export async function scanFile(path: string): Promise<FileScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 1;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (bytes === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
      throw new FileRefused('the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8 and import it again');
    }
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const keep = incompleteTail(data);
    const whole = data.subarray(0, data.length - keep);
    if (!isUtf8(whole)) {
      const at = firstInvalid(whole);
      throw new FileRefused(
        `the file is not UTF-8: byte ${bytes - carry.length + at + 1} (line ${lines + countLines(whole, at)}) is 0x${whole[at].toString(16).padStart(2, '0')}; ` +
          'save it as UTF-8 and import it again',
      );
    }
    lines += countLines(whole);
    carry = Buffer.from(data.subarray(data.length - keep));
    bytes += chunk.length;
  }
  if (carry.length) throw new FileRefused(`the file is not UTF-8: it ends inside a multi-byte character (line ${lines})`);
  if (bytes === 0) throw new FileRefused('the file is empty: it has no header');
  return { checksum: hash.digest('hex'), bytes };
}
