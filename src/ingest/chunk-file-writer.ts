/**
 * Writes text lines to a file through one reused byte buffer: each line is encoded straight into
 * the buffer, which is written out when full. Nothing large is allocated per line or per batch
 * (fresh memory is what costs most when decoding gigabytes).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export class ChunkFileWriter {
  private buffer: Buffer;
  private used = 0;
  private fd: number | null = null;

  constructor(bufferBytes = 4 * 1024 * 1024) {
    this.buffer = Buffer.allocUnsafeSlow(bufferBytes);
  }

  open(file: string): void {
    this.fd = openSync(file, 'w');
    this.used = 0;
  }

  /** Appends one line (its "\n" included). */
  write(line: string): void {
    // a UTF-16 code unit takes at most 3 bytes in UTF-8
    if (this.used + line.length * 3 > this.buffer.length) {
      this.flush();
      if (line.length * 3 > this.buffer.length) {
        writeSync(this.fd!, line);
        return;
      }
    }
    this.used += this.buffer.write(line, this.used, 'utf8');
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd!, this.buffer, 0, this.used);
    this.used = 0;
  }
}
