/**
 * Whole-file compression: detected by magic bytes, decompressed keeping everything decodable
 * before a truncation or corruption (gzip via node:zlib, zstd via fzstd).
 */
import zlib from 'node:zlib';
import { Decompress as ZstdStream } from 'fzstd';

export type Compression = 'gzip' | 'zstd' | 'none';

/** Returns the compression named by a file's first bytes: gzip 1f 8b, zstd 28 b5 2f fd. */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export interface Decompressed {
  bytes: Buffer;
  /** Set when the stream broke off; `offset` is where in the compressed input, where known. */
  error: { offset: number; message: string } | null;
}

/** Returns the decompressed bytes, or the readable prefix plus the error for a broken stream. */
export function decompress(input: Uint8Array, kind: Exclude<Compression, 'none'>): Decompressed {
  return kind === 'gzip' ? gunzip(input) : unzstd(input);
}

function gunzip(input: Uint8Array): Decompressed {
  try {
    return { bytes: zlib.gunzipSync(input), error: null };
  } catch (error) {
    // retry leniently: a sync flush returns what was decodable before the break
    let bytes: Buffer;
    try {
      bytes = zlib.gunzipSync(input, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      bytes = Buffer.alloc(0);
    }
    const message = (error as Error).message === 'unexpected end of file' ? 'stream ends early (truncated)' : (error as Error).message;
    return { bytes, error: { offset: input.length, message } };
  }
}

function unzstd(input: Uint8Array): Decompressed {
  const chunks: Uint8Array[] = [];
  const stream = new ZstdStream((chunk) => chunks.push(chunk));
  // feed in slices so a corruption late in the file still leaves the earlier output
  const step = 1 << 20;
  let offset = 0;
  try {
    for (; offset < input.length; offset += step) stream.push(input.subarray(offset, Math.min(input.length, offset + step)));
    stream.push(new Uint8Array(0), true);
    return { bytes: Buffer.concat(chunks), error: null };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error: { offset: Math.min(offset, input.length), message: String((error as Error).message ?? error) } };
  }
}
