// The trace form: source, destination, protocol and port, each picked from a filterable list.
import type { Candidate } from './candidates.js';
import { Form } from './Form.js';
import { TRACE_FIELDS, type Editor, type TraceField } from './state.js';

export interface TracePickerProps {
  readonly flow: Readonly<Record<TraceField, string>>;
  readonly selected: number;
  readonly focused: boolean;
  readonly editor: Editor | null;
  readonly candidates: readonly Candidate[];
  readonly width: number;
}

const LABELS: Record<TraceField, string> = { from: 'source', to: 'destination', protocol: 'protocol', port: 'port' };

/** The flow being traced. */
export function TracePicker({ flow, selected, focused, editor, candidates, width }: TracePickerProps) {
  const fields = TRACE_FIELDS.map((f) => ({ name: f, label: LABELS[f], value: flow[f], placeholder: f === 'port' ? 'none' : 'pick…' }));
  return <Form fields={fields} selected={selected} focused={focused} editor={editor} candidates={candidates} width={width} />;
}
