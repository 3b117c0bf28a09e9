/**
 * Test helper: runs the fixture generator into one uncompressed OTLP/JSON Lines export file.
 */
import { generate, type GenerateOptions, type Truth } from '../fixtures/generate.js';
import { ExportFileWriter } from '../fixtures/write-export.js';

/** Writes the generated spans to `file` and returns the generator's truth. */
export function generateJsonLines(file: string, options: GenerateOptions): Truth {
  const writer = new ExportFileWriter(file, 'json-lines', 'none');
  const truth = generate(options, (batch) => writer.write(batch));
  writer.close();
  return truth;
}
