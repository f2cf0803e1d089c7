import { useState, type JSX } from 'react';
import { customRangeProblem, type RangeChoice } from '../range.ts';

interface RangePickerProps {
  ranges: readonly string[];
  value: RangeChoice;
  onChange: (choice: RangeChoice) => void;
}

/** Preset ranges ending now, and a custom from / to (local date-times, read in the UI's time zone). */
export function RangePicker({ ranges, value, onChange }: RangePickerProps): JSX.Element {
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(value.kind === 'custom' ? value.from : '');
  const [to, setTo] = useState(value.kind === 'custom' ? value.to : '');
  const problem = customRangeProblem(from, to);

  return (
    <div className="range-picker">
      <div className="segmented" role="group" aria-label="Time range">
        {ranges.map((duration) => (
          <button
            key={duration}
            type="button"
            aria-pressed={value.kind === 'preset' && value.duration === duration}
            onClick={() => {
              setEditing(false);
              onChange({ kind: 'preset', duration });
            }}
          >
            {duration}
          </button>
        ))}
        <button type="button" aria-pressed={value.kind === 'custom' || editing} aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Custom
        </button>
      </div>
      {editing && (
        <form
          className="custom-range"
          onSubmit={(event) => {
            event.preventDefault();
            if (problem === null) {
              setEditing(false);
              onChange({ kind: 'custom', from, to });
            }
          }}
        >
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <button type="submit" disabled={problem !== null}>
            Apply
          </button>
          {problem && from !== '' && to !== '' && <span className="form-problem">{problem}</span>}
        </form>
      )}
    </div>
  );
}
