/**
 * Calls `onLine` with each whole line a child process writes to `stream`. The hub writes its log in blocks of several
 * lines, and a pipe may hand a block over in two reads: the part after a read's last newline waits for the rest.
 */
export function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) if (line) onLine(line);
  });
}
