// The trace form: source, destination, protocol and port, each picked from a filterable list.
import type { Candidate } from './candidates.js';
import { Form, type FormField } from './Form.js';
import { TRACE_FIELDS, type Editor, type TraceField } from './state.js';

export interface TracePickerProps {
  readonly flow: Readonly<Record<TraceField, string>>;
  readonly selected: number;
  readonly focused: boolean;
  readonly editor: Editor | null;
  readonly candidates: readonly Candidate[];
  readonly width: number;
  /** Most candidates to list under the editor. */
  readonly maxListRows?: number | undefined;
}

const LABELS: Record<TraceField, string> = { from: 'source', to: 'destination', protocol: 'protocol', port: 'port' };

/** The form's fields for a flow. */
export function traceFields(flow: Readonly<Record<TraceField, string>>): FormField[] {
  return TRACE_FIELDS.map((f) => ({ name: f, label: LABELS[f], value: flow[f], placeholder: f === 'port' ? 'none' : 'pick…' }));
}

/** The flow being traced. */
export function TracePicker({ flow, selected, focused, editor, candidates, width, maxListRows }: TracePickerProps) {
  return <Form fields={traceFields(flow)} selected={selected} focused={focused} editor={editor} candidates={candidates} width={width} maxListRows={maxListRows} />;
}
