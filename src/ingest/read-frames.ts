/**
 * The Collector file exporter's binary framing: each message is preceded by its length as a
 * 4-byte big-endian unsigned integer; with `compression: zstd` (legacy) each message is a zstd
 * frame of its own. Pure functions over a whole buffer.
 */
import { decompress as fzstdDecompress } from 'fzstd';

export interface Frame {
  offset: number; // byte offset of the frame's length prefix
  bytes: Uint8Array;
}

export interface SplitFrames {
  frames: Frame[];
  error: { offset: number; message: string } | null;
}

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function isZstd(b: Uint8Array): boolean {
  return b.length >= 4 && ZSTD_MAGIC.every((m, i) => b[i] === m);
}

function readLength(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) >>> 0) + (buf[at + 1]! << 16) + (buf[at + 2]! << 8) + buf[at + 3]!;
}

/** Returns the frames of a length-prefixed buffer; a frame running past the end is an error at its offset. */
export function splitFrames(buf: Uint8Array): SplitFrames {
  const frames: Frame[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < 4) return { frames, error: { offset: at, message: `${buf.length - at} stray bytes where a 4-byte frame length should be` } };
    const len = readLength(buf, at);
    if (at + 4 + len > buf.length) {
      return { frames, error: { offset: at, message: `frame of ${len} bytes runs past the end of the file (${buf.length - at - 4} bytes left): truncated` } };
    }
    frames.push({ offset: at, bytes: buf.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return { frames, error: null };
}

/** Returns whether a buffer plausibly is a sequence of length-prefixed OTLP messages. */
export function looksLengthPrefixed(buf: Uint8Array): boolean {
  if (buf.length < 5) return false;
  const first = readLength(buf, 0);
  // the first frame must fit whole (a bare protobuf request starts 0x0a…, i.e. a length ≥ 167 MB)
  if (first === 0 || first > buf.length - 4) return false;
  const body = buf.subarray(4, 8);
  // a TracesData message starts with field 1, wire type 2 (0x0a); or it is a zstd frame
  if (!(body[0] === 0x0a || isZstd(body))) return false;
  // the frames must chain exactly to the end, or to a truncated tail
  let at = 0;
  while (at + 4 <= buf.length) {
    const len = readLength(buf, at);
    if (at + 4 + len > buf.length) return true; // truncated tail: reported when split
    at += 4 + len;
  }
  return true;
}

/** Returns a frame's message bytes, decompressing it when it is a zstd frame. */
export function maybeDecompressFrame(bytes: Uint8Array): Uint8Array {
  return isZstd(bytes) ? fzstdDecompress(bytes) : bytes;
}
