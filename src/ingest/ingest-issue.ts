/**
 * A problem found in an input file: one line in `ingest_errors` and one line on stderr.
 */
import { formatPosition, type InputPosition } from '../errors.js';

/** Kinds of rejected or altered input, as stored in `ingest_errors.kind`. */
export type IssueKind =
  | 'corrupt_json'
  | 'truncated_stream'
  | 'truncated_frame'
  | 'corrupt_protobuf'
  | 'invalid_id'
  | 'wrong_type'
  | 'missing_field'
  | 'empty_file'
  | 'unknown_format'
  | 'not_otlp_traces'
  | 'oversize_value'
  | 'invalid_utf8'
  | 'duplicate_span'
  | 'unreadable_file';

export interface IngestIssue {
  kind: IssueKind;
  /** `error`: input was rejected or altered (exit 3); `warning`: noted, nothing lost. */
  severity: 'error' | 'warning';
  position: InputPosition;
  /** Where inside the record, e.g. "resourceSpans[0].scopeSpans[0].spans[3]". */
  path: string | null;
  message: string;
}

/** Returns the one-line form printed on stderr, e.g. "exports/a.jsonl:12: corrupt_json: Unexpected token". */
export function formatIssue(file: string, issue: IngestIssue): string {
  const where = formatPosition(issue.position);
  const at = issue.path ? ` (${issue.path})` : '';
  return `${file}${where ? ':' + where : ''}: ${issue.kind}${at}: ${issue.message}`;
}
