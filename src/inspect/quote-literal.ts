/** Returns a string as a single-quoted SQL literal (for file paths in COPY, which takes no parameter). */
export function quoteLiteral(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}
