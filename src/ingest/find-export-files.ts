/**
 * Expands the paths given on the command line into export files: files as given, directories
 * recursively, globs (`exports/**\/*.jsonl`), and `-` for standard input.
 */
import { statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';

export interface FoundFile {
  path: string; // as displayed and recorded; "-" for stdin
  sizeBytes: number;
  modifiedMs: number;
}

/**
 * Names a directory walk or a glob passes over: hidden files, spanlens' own files when the database
 * lives among the exports (the database, its write-ahead log, its temp folder, the run lock, and
 * what `run` writes beside it: the report's HTML pages, `export`'s Parquet files, which a nightly
 * run would otherwise reject as unknown formats every night and exit 3), the fixture generator's
 * truth.json, notes. A file named on the command line is read whatever its name.
 */
const SKIP_NAMES = /(^\.|\.duckdb(\.wal|\.run\.lock)?$|\.tmp$|^truth\.json$|\.md$|\.html$|\.parquet$)/;

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP_NAMES.test(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
    // a link to a file is read like the file (links to directories are not followed: no cycles)
    else if (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile()) out.push(full);
  }
}

/** Returns the files to read, sorted and without repeats; throws UsageError for a path that matches nothing. */
export function findExportFiles(inputs: string[]): FoundFile[] {
  const paths: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      paths.push('-');
      continue;
    }
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(input);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) walk(input, paths);
    else if (stat?.isFile()) paths.push(input);
    else if (isDynamicPattern(input)) {
      const matches = globSync(input, { onlyFiles: true, dot: false }).sort();
      if (matches.length === 0) throw new UsageError(`no files match ${input}`);
      paths.push(...matches.filter((m) => !SKIP_NAMES.test(path.basename(m))));
    } else throw new UsageError(`no such file or directory: ${input}`);
  }
  const unique = [...new Set(paths)];
  return unique.map((p) => {
    if (p === '-') return { path: '-', sizeBytes: 0, modifiedMs: 0 };
    const st = statSync(p);
    return { path: p, sizeBytes: st.size, modifiedMs: Math.floor(st.mtimeMs) };
  });
}
