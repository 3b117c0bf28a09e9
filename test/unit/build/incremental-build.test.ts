import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseBuildMode, MAX_REBUILT_SHARE, MAX_SCOPE_SHARE, type BuildModeInputs } from '../../../src/build/incremental-build.js';

const base: BuildModeInputs = {
  requested: 'auto',
  state: { fingerprint: 'f', last_file_id: 7, raw_span_rows: 1000, traces_rebuilt_since_full: 0 },
  fingerprint: 'f',
  droppedOtherKind: false,
  missing_tables: false,
  raw_span_rows: 1100,
  new_raw_span_rows: 100,
  removed_raw_span_rows: 0,
  turns: 1000,
  scope_traces: 50,
};

describe('chooseBuildMode', () => {
  it('splices when only new files arrived and they touch few sessions', () => {
    assert.equal(chooseBuildMode(base).mode, 'incremental');
    assert.equal(chooseBuildMode({ ...base, new_raw_span_rows: 0, raw_span_rows: 1000, scope_traces: 0 }).mode, 'incremental');
  });

  it('builds whole on request, without a record, or when the SQL, parameters or prices changed', () => {
    assert.match(chooseBuildMode({ ...base, requested: 'full' }).reason, /requested/);
    assert.match(chooseBuildMode({ ...base, state: null }).reason, /no earlier build/);
    assert.match(chooseBuildMode({ ...base, fingerprint: 'g' }).reason, /SQL, parameters, prices/);
    assert.match(chooseBuildMode({ ...base, droppedOtherKind: true }).reason, /view/);
    assert.match(chooseBuildMode({ ...base, missing_tables: true }).reason, /missing/);
  });

  it('builds whole when raw spans were deleted that removed_traces does not account for, even if as many arrived', () => {
    const r = chooseBuildMode({ ...base, raw_span_rows: 1099 });
    assert.equal(r.mode, 'full');
    assert.match(r.reason, /removed since the last build that removed_traces does not account for/);
    assert.equal(chooseBuildMode({ ...base, raw_span_rows: 1099, removed_raw_span_rows: 1 }).mode, 'incremental');
    assert.equal(chooseBuildMode({ ...base, raw_span_rows: 1098, removed_raw_span_rows: 1 }).mode, 'full');
  });

  it('builds whole when the new spans touch too much, now or summed since the last full build', () => {
    assert.equal(chooseBuildMode({ ...base, scope_traces: MAX_SCOPE_SHARE * 1000 }).mode, 'incremental');
    assert.equal(chooseBuildMode({ ...base, scope_traces: MAX_SCOPE_SHARE * 1000 + 1 }).mode, 'full');
    const state = { ...base.state!, traces_rebuilt_since_full: MAX_REBUILT_SHARE * 1000 - 50 };
    assert.equal(chooseBuildMode({ ...base, state }).mode, 'incremental');
    assert.match(chooseBuildMode({ ...base, state: { ...state, traces_rebuilt_since_full: state.traces_rebuilt_since_full + 1 } }).reason, /since the last full one/);
  });
});
