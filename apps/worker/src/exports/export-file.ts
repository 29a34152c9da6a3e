import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** File name of an export under EXPORTS_DIR (the admin API serves exactly this name). */
export function exportFileName(exportId: string, format: 'csv' | 'jsonl'): string {
  return `${exportId}.${format}`;
}

/**
 * A file written under a temporary name and renamed into place only when complete, so a crashed
 * job never leaves a truncated file where a download would find it.
 */
export class ExportFileWriter {
  readonly path: string;
  readonly partialPath: string;
  readonly stream: WriteStream;
  private readonly sha = createHash('sha256');

  constructor(dir: string, fileName: string) {
    this.path = join(dir, fileName);
    this.partialPath = `${this.path}.partial`;
    this.stream = createWriteStream(this.partialPath);
  }

  /** Writes text, hashing it, honouring backpressure. */
  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    this.sha.update(bytes);
    if (!this.stream.write(bytes)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    if (!this.stream.writableFinished) {
      this.stream.end();
      await once(this.stream, 'finish');
    }
  }

  /** SHA-256 of what went through `write` (not valid when the stream was written to directly). */
  sha256(): string {
    return this.sha.digest('hex');
  }

  /** Renames the finished file into place and returns its size. */
  async commit(): Promise<number> {
    await this.end();
    await rename(this.partialPath, this.path);
    return (await stat(this.path)).size;
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.partialPath, { force: true });
  }
}
