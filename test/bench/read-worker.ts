/**
 * Worker thread of ingest-floor.ts's `parse`: reads each file it is sent with nothing else done
 * and answers how many messages it held. It imports only what reading needs (no DuckDB), so the
 * floor does not count loading a native addon per worker.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { exportTraceServiceRequestType } from '../../src/ingest/otlp-proto-schema.js';
import { splitFrames } from '../../src/ingest/read-frames.js';

const requestType = exportTraceServiceRequestType();

/** JSON Lines: each line's bytes into a string and parsed; Collector-framed protobuf: each message decoded. */
function readFile(file: string): number {
  const bytes = readFileSync(file);
  if (!file.endsWith('.jsonl')) {
    const { frames, error } = splitFrames(bytes);
    if (error) throw new Error(`${file}: ${error.message}`);
    for (const frame of frames) requestType.decode(frame.bytes);
    return frames.length;
  }
  const decoder = new TextDecoder();
  let lines = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      JSON.parse(decoder.decode(bytes.subarray(start, end)));
      lines++;
    }
    start = end + 1;
  }
  return lines;
}

parentPort?.on('message', (file: string) => parentPort!.postMessage(readFile(file)));
