// The terminal UI: one reducer for the state, engines called on the derived flow/request,
// keys resolved through the key map. Never crashes on an invalid scenario: it shows the errors.
import { relative } from 'node:path';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer, useState } from 'react';
import type { CheckResultLike, DecisionLike, FlowSpec, TraceLike } from '../engine-types.js';
import type { AnalysisApi, IamApi, NetApi } from '../engines.js';
import type { Loaded } from '../load.js';
import { filterCandidates, PORTS, PROTOCOLS, requestCandidates, traceCandidates, type Candidate } from './candidates.js';
import { ChecksView, type ChecksStatus } from './ChecksView.js';
import { ErrorView } from './ErrorView.js';
import { HelpOverlay } from './HelpOverlay.js';
import { commandFor, keyName } from './keymap.js';
import { RequestView } from './RequestView.js';
import { currentField, initialState, MODES, reducer, type UiState } from './state.js';
import { TraceView } from './TraceView.js';
import { patchLine, whatIf as applyFixes } from '../what-if.js';

/** The engines the UI calls; each may be missing while the workspace is incomplete. */
export interface Engines {
  readonly net?: NetApi | undefined;
  readonly iam?: IamApi | undefined;
  readonly analysis?: AnalysisApi | undefined;
}

export interface AppProps {
  readonly loaded: Loaded;
  readonly engines: Engines;
  readonly initial?: UiState | undefined;
  /** Override the terminal size (tests). */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

const message = (e: unknown) => (e instanceof Error ? `${e.message}${'hint' in e && e.hint ? ` — hint: ${String(e.hint)}` : ''}` : String(e));

/** A path relative to the working directory when that is shorter. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && rel.length < file.length ? rel : file;
}

/** The terminal's size, updated when the terminal is resized. */
function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout?.columns || 100, rows: stdout?.rows || 40 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout?.on('resize', onResize);
    return () => {
      stdout?.off('resize', onResize);
    };
  }, [stdout]); // eslint-disable-line react-hooks/exhaustive-deps
  return size;
}

/** The flow the form describes, or undefined while it is incomplete. */
export function flowOf(s: UiState): FlowSpec | undefined {
  const { from, to, protocol, port } = s.flow;
  if (!from || !to) return undefined;
  const needsPort = protocol === 'tcp' || protocol === 'udp' || protocol === '';
  if (needsPort && !/^\d+$/.test(port)) return undefined;
  return { from, to, protocol: protocol || 'tcp', port: needsPort ? Number(port) : undefined };
}

/** The whole UI. */
export function App({ loaded, engines, initial, width: w, height: h }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const width = Math.max(80, w ?? size.columns);
  const height = Math.max(24, h ?? size.rows);
  const [state, dispatch] = useReducer(reducer, initial ?? initialState());
  const model = loaded.ok ? loaded.model : undefined;

  const endpointList = useMemo(() => (model ? traceCandidates(model, engines.net) : []), [model, engines.net]);
  const field = currentField(state);
  const candidates: Candidate[] = useMemo(() => {
    if (!state.editor || !model) return [];
    let list: readonly Candidate[] = [];
    if (state.mode === 'trace') list = field === 'protocol' ? PROTOCOLS : field === 'port' ? PORTS : endpointList;
    else if (state.mode === 'request' && field) list = requestCandidates(model, field as 'principal' | 'action' | 'resource' | 'from');
    return filterCandidates(list, state.editor.text);
  }, [state.editor, state.mode, field, model, endpointList]);

  const flow = flowOf(state);
  const traceResult = useMemo((): { trace: TraceLike } | { error: string } | undefined => {
    if (!model || !flow) return undefined;
    if (!engines.net) return { error: 'the packet tracer (@vpcsim/net) is not available in this build' };
    try {
      return { trace: engines.net.trace(model, flow) };
    } catch (e) {
      return { error: message(e) };
    }
  }, [model, engines.net, flow?.from, flow?.to, flow?.protocol, flow?.port]); // eslint-disable-line react-hooks/exhaustive-deps

  // what-if (`f`): the blockers' fixes applied to a copy of the scenario, and the trace after them
  const fixed = useMemo(() => {
    if (!state.whatIf || !model || !flow || !engines.net || !traceResult || !('trace' in traceResult)) return undefined;
    const w = applyFixes(engines.net, model, flow, traceResult.trace);
    return {
      trace: w.trace,
      banner: { patches: w.patches.map((p) => patchLine(p, model)), unfixable: w.unfixable.length, error: w.errors[0]?.message },
    };
  }, [state.whatIf, model, engines.net, traceResult]); // eslint-disable-line react-hooks/exhaustive-deps

  const rq = state.request;
  const requestResult = useMemo((): { decision: DecisionLike; trace?: TraceLike | undefined } | { error: string } | undefined => {
    if (!model || (!rq.principal && !rq.from) || !rq.action) return undefined;
    const req = { principal: rq.principal || undefined, action: rq.action, resource: rq.resource || undefined, from: rq.from || undefined };
    try {
      if (req.from) {
        if (!engines.analysis) return { error: 'requests from an instance need @vpcsim/analysis, not available in this build' };
        const r = engines.analysis.request(model, req);
        return { decision: { ...r.decision, errors: [...r.decision.errors, ...r.errors] }, trace: r.trace };
      }
      if (!engines.iam) return { error: 'the IAM engine (@vpcsim/iam) is not available in this build' };
      return { decision: engines.iam.evaluate(model, req) };
    } catch (e) {
      return { error: message(e) };
    }
  }, [model, engines.iam, engines.analysis, rq.principal, rq.action, rq.resource, rq.from]);

  const [checks, setChecks] = useState<ChecksStatus>({ state: 'idle' });
  useEffect(() => {
    if (state.mode !== 'checks' || !model) return;
    if (checks.state !== 'idle' && checks.run === state.checksRun) return;
    const run = state.checksRun;
    setChecks({ state: 'running', run });
    const timer = setTimeout(() => {
      const t0 = performance.now();
      try {
        if (!engines.analysis) throw new Error('the property checker (@vpcsim/analysis) is not available in this build');
        const results: readonly CheckResultLike[] = engines.analysis.checkScenario(model, {});
        setChecks({ state: 'done', run, results, elapsedMs: performance.now() - t0 });
      } catch (e) {
        setChecks({ state: 'error', run, message: message(e) });
      }
    }, 10);
    return () => clearTimeout(timer);
  }, [state.mode, state.checksRun, model, engines.analysis]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  const shown = fixed ? { trace: fixed.trace } : traceResult;
  const hopCount = shown && 'trace' in shown ? shown.trace.forward.length + shown.trace.return.length : 0;
  const checkCount = checks.state === 'done' ? checks.results.length : 0;

  useInput((input, key) => {
    const name = keyName(input, key);
    if (state.editor) {
      if (name === 'escape') dispatch({ type: 'cancel' });
      else if (name === 'enter') {
        const picked = candidates[state.editor.index]?.value ?? state.editor.text.trim();
        dispatch(picked ? { type: 'pick', value: picked } : { type: 'cancel' });
      } else if (name === 'up' || name === 'down') dispatch({ type: 'editor-move', delta: name === 'up' ? -1 : 1, size: candidates.length });
      else if (name === 'backspace') dispatch({ type: 'backspace' });
      else if (name === 'ctrl-c') dispatch({ type: 'command', command: 'quit', counts: { hops: 0, checks: 0 } });
      else if (input && !key.ctrl && !key.meta && !key.tab) dispatch({ type: 'type', text: input });
      return;
    }
    if (name === 'escape') {
      dispatch({ type: 'cancel' });
      return;
    }
    if (!model && name !== 'q' && name !== 'ctrl-c' && name !== '?') return;
    const b = commandFor(name, state.mode);
    if (b) dispatch({ type: 'command', command: b.command, counts: { hops: hopCount, checks: checkCount } });
  });

  const header = (
    <Box width={width}>
      <Box flexShrink={1} flexGrow={1}>
        <Text wrap="truncate">
          <Text bold color="cyan">vpcsim</Text> <Text dimColor>{shortPath(loaded.file)}</Text>
          {model?.scenario.name ? <Text> · {model.scenario.name}</Text> : null}
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text>
          {MODES.map((m, i) => (
            <Text key={m} inverse={state.mode === m} bold={state.mode === m}>
              {` ${i + 1} ${m} `}
            </Text>
          ))}
          <Text dimColor> ? keys q quit</Text>
        </Text>
      </Box>
    </Box>
  );

  let body;
  if (!loaded.ok) body = <ErrorView file={loaded.file} errors={loaded.errors} width={width} />;
  else if (state.help) body = <HelpOverlay width={width} />;
  else if (state.mode === 'trace') body = <TraceView state={state} candidates={candidates} result={shown} width={width} height={height} whatIf={fixed?.banner} />;
  else if (state.mode === 'request') body = <RequestView state={state} candidates={candidates} result={requestResult} width={width} />;
  else body = <ChecksView status={checks} selected={state.check} width={width} height={height} />;

  return (
    <Box flexDirection="column" width={width}>
      {header}
      <Box marginTop={1} flexDirection="column">
        {body}
      </Box>
    </Box>
  );
}
