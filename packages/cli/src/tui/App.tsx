// The terminal UI: one reducer for the state, engines called on the derived flow/request,
// keys resolved through the key map. Never crashes on an invalid scenario: it shows the errors.
import { relative } from 'node:path';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { CheckResultLike, DecisionLike, FlowSpec, TraceLike } from '../engine-types.js';
import type { AnalysisApi, IamApi, NetApi } from '../engines.js';
import type { Loaded } from '../load.js';
import { filterCandidates, portCandidates, PORTS, PROTOCOLS, requestCandidates, traceCandidates, type Candidate } from './candidates.js';
import { ChecksView, type ChecksStatus } from './ChecksView.js';
import { ErrorView } from './ErrorView.js';
import { HelpOverlay } from './HelpOverlay.js';
import { commandFor, keyName, splitKeys, type KeyLike } from './keymap.js';
import { COMPACT_ROWS } from './layout.js';
import { RequestView } from './RequestView.js';
import { accessField } from './access-state.js';
import { PathsView, pathItems } from './PathsView.js';
import { WhoCanView } from './WhoCanView.js';
import type { PathsResult, WhoCanResult } from '@vpcsim/analysis';
import { currentField, initialState, MODES, reducer, type Action, type UiState } from './state.js';
import { TraceView } from './TraceView.js';
import { legOf } from './legs.js';
import { patchLine, whatIf as applyFixes } from '../what-if.js';
import { escapeControls, printableDeep } from '../output/printable.js';
import type { Model } from '@vpcsim/model';
import type { RequestResult } from './RequestView.js';
import { reachCandidates, ReachView, type ReachStatus } from './ReachView.js';
import { reachFlow, reachKey, reachQueryOf } from './reach-state.js';
import { inThreadRunner, type ReachRunner } from './reach-run.js';

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
  /** Called once when the user quits, with the exit status: 0 (`q`) or 130 (ctrl-c). */
  readonly onQuit?: ((code: number) => void) | undefined;
  /** Saves a scenario (the what-if one, `w`) beside the loaded file; resolves to the path written. */
  readonly save?: ((scenario: unknown, header: string) => Promise<string>) | undefined;
  /** Runs reach questions (the UI's: on a worker thread, reach-run.ts); default: in this thread. */
  readonly reach?: ReachRunner | undefined;
}

const message = (e: unknown) => (e instanceof Error ? `${e.message}${'hint' in e && e.hint ? ` — hint: ${String(e.hint)}` : ''}` : String(e));

/** A path relative to the working directory when that is shorter. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && rel.length < file.length ? rel : file;
}

type TraceResult = { trace: TraceLike } | { error: string } | undefined;
type Fixed = { trace: TraceLike; model: Model; banner: { patches: string[]; unfixable: number; error: string | undefined } };

/** The terminal's size, updated when the terminal is resized. */
function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout?.columns || 80, rows: stdout?.rows || 24 });
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

/** A check's case as fields of the trace or request form: what `enter` on the checks screen opens. */
export function caseOf(model: Model, results: readonly CheckResultLike[], i: number): Action | undefined {
  const r = results[i];
  if (!r) return undefined;
  const expectations = model.scenario.expect ?? [];
  // results come in file order: the expectations, then the properties
  const e = i < expectations.length && r.kind === 'expect' ? expectations[i] : undefined;
  const c = (r.counterexample ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  const flow = e?.trace ?? (typeof c['from'] === 'string' && typeof c['to'] === 'string' ? c : undefined);
  if (flow) return { type: 'open', flow: { from: str(flow['from' as never]), to: str(flow['to' as never]), protocol: str(flow['protocol' as never] ?? 'tcp'), port: str(flow['port' as never]) } };
  const req = e?.request ?? (typeof c['action'] === 'string' ? c : undefined);
  if (req) return { type: 'open', request: { principal: str(req['principal' as never]), action: str(req['action' as never]), resource: str(req['resource' as never]), from: str(req['from' as never]) } };
  return undefined;
}

/** The whole UI. */
export function App({ loaded: rawLoaded, engines, initial, width: w, height: h, onQuit, save, reach }: AppProps) {
  // what the screens print comes from input: escaped, so no control character reaches the terminal
  const loaded = useMemo(() => (rawLoaded.ok ? { ...rawLoaded, file: escapeControls(rawLoaded.file) } : printableDeep(rawLoaded)), [rawLoaded]);
  const { exit } = useApp();
  const size = useTerminalSize();
  const width = Math.max(80, w ?? size.columns);
  // every screen is laid out to fit the terminal's rows (at least 24 are promised, fewer still draw)
  const height = Math.max(12, h ?? size.rows);
  const compact = height < COMPACT_ROWS;
  const [state, dispatch] = useReducer(reducer, initial ?? initialState());
  const model = rawLoaded.ok ? rawLoaded.model : undefined;

  const endpointList = useMemo(() => (model ? traceCandidates(model, engines.net) : []), [model, engines.net]);
  const portList = useMemo(() => (model ? portCandidates(model) : PORTS), [model]);
  const reachList = useMemo(() => (model ? reachCandidates(model, endpointList) : []), [model, endpointList]);
  /** The picker's choices for a state: a pure function, so keys of one chunk can be applied in turn. */
  const candidatesFor = (s: UiState): Candidate[] => {
    if (!s.editor || !model) return [];
    const f = currentField(s);
    let list: readonly Candidate[] = [];
    if (s.mode === 'trace' || s.mode === 'reach') list = f === 'protocol' ? PROTOCOLS : f === 'port' ? portList : s.mode === 'reach' ? reachList : endpointList;
    else if (accessField(s) === 'to') list = [{ value: 'admin', kind: 'any administrator' }, ...requestCandidates(model, 'principal')];
    else if (s.mode === 'request' && f) list = requestCandidates(model, f as 'principal' | 'action' | 'resource' | 'from');
    return filterCandidates(list, s.editor.text);
  };
  const field = currentField(state);
  const candidates: Candidate[] = useMemo(() => candidatesFor(state), [state.editor, state.mode, field, model, endpointList]); // eslint-disable-line react-hooks/exhaustive-deps

  // traces and what-if traces by flow, so a chunk of keys can know the hop count of each state it passes
  const cache = useMemo(() => ({ trace: new Map<string, TraceResult>(), fixed: new Map<string, Fixed | undefined>() }), [model, engines.net]);
  const traceFor = (f: FlowSpec | undefined): TraceResult => {
    if (!model || !f) return undefined;
    const k = JSON.stringify(f);
    if (cache.trace.has(k)) return cache.trace.get(k);
    let r: TraceResult;
    if (!engines.net) r = { error: 'the packet tracer (@vpcsim/net) is not available in this build' };
    else {
      try {
        r = { trace: printableDeep(engines.net.trace(model, f)) };
      } catch (e) {
        r = { error: message(e) };
      }
    }
    if (cache.trace.size > 64) cache.trace.clear();
    cache.trace.set(k, r);
    return r;
  };
  // what-if (`f`): the blockers' fixes applied to a copy of the scenario, and the trace after them
  const fixedFor = (f: FlowSpec | undefined, tr: TraceResult): Fixed | undefined => {
    if (!model || !f || !engines.net || !tr || !('trace' in tr)) return undefined;
    const k = JSON.stringify(f);
    if (cache.fixed.has(k)) return cache.fixed.get(k);
    const wi = applyFixes(engines.net, model, f, tr.trace);
    const r = { trace: printableDeep(wi.trace), model: wi.model, banner: printableDeep({ patches: wi.patches.map((p) => patchLine(p, model)), unfixable: wi.unfixable.length, error: wi.errors[0]?.message }) };
    if (cache.fixed.size > 16) cache.fixed.clear();
    cache.fixed.set(k, r);
    return r;
  };

  // a reach line's witness is traced exactly (source port, ICMP type) while the form shows it
  const flowFor = (s: UiState): FlowSpec | undefined => reachFlow(s) ?? flowOf(s);
  const flow = flowFor(state);
  const traceResult = traceFor(flow);
  const fixed = state.whatIf ? fixedFor(flow, traceResult) : undefined;
  const rq = state.request;
  const requestResult = useMemo((): RequestResult => {
    if (!model || (!rq.principal && !rq.from) || !rq.action) return undefined;
    const req = { principal: rq.principal || undefined, action: rq.action, resource: rq.resource || undefined, from: rq.from || undefined };
    try {
      if (req.from) {
        if (!engines.analysis) return { error: 'requests from an instance need @vpcsim/analysis, not available in this build' };
        const r = engines.analysis.request(model, req);
        return printableDeep({ decision: { ...r.decision, errors: [...r.decision.errors, ...r.errors] }, trace: r.trace, network: r.network });
      }
      if (!engines.iam) return { error: 'the IAM engine (@vpcsim/iam) is not available in this build' };
      return { decision: printableDeep(engines.iam.evaluate(model, req)) };
    } catch (e) {
      return { error: message(e) };
    }
  }, [model, engines.iam, engines.analysis, rq.principal, rq.action, rq.resource, rq.from]);

  // the request screen's access views (w: who can, p: escalation paths)
  const view = state.mode === 'request' ? state.access.view : 'request';
  const whoCanResult = useMemo((): WhoCanResult | { error: string } | undefined => {
    if (view !== 'who-can' || !model || !rq.action) return undefined;
    if (!engines.analysis?.whoCan) return { error: 'who-can needs @vpcsim/analysis, not available in this build' };
    try {
      return engines.analysis.whoCan(model, { action: rq.action, resource: rq.resource || undefined, from: rq.from || undefined });
    } catch (e) {
      return { error: message(e) };
    }
  }, [view, model, engines.analysis, rq.action, rq.resource, rq.from]);
  const pathsTo = state.access.to;
  const pathsResult = useMemo((): PathsResult | { error: string } | undefined => {
    if (view !== 'paths' || !model || !rq.principal || !pathsTo) return undefined;
    if (!engines.analysis?.escalationPaths) return { error: 'escalation paths need @vpcsim/analysis, not available in this build' };
    try {
      return engines.analysis.escalationPaths(model, { from: rq.principal, to: pathsTo });
    } catch (e) {
      return { error: message(e) };
    }
  }, [view, model, engines.analysis, rq.principal, pathsTo]);
  const stepCount = pathsResult && 'paths' in pathsResult ? pathItems(pathsResult).length : 0;

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
        const results: readonly CheckResultLike[] = printableDeep(engines.analysis.checkScenario(model, {}));
        setChecks({ state: 'done', run, results, elapsedMs: performance.now() - t0 });
      } catch (e) {
        setChecks({ state: 'error', run, message: message(e) });
      }
    }, 10);
    return () => clearTimeout(timer);
  }, [state.mode, state.checksRun, model, engines.analysis]); // eslint-disable-line react-hooks/exhaustive-deps

  // the reach screen's question, walked off the input's path (reach-run.ts); a new question or esc stops the walk
  const runner = useMemo(() => reach ?? inThreadRunner(engines.analysis), [reach, engines.analysis]);
  const [reachStatus, setReachStatus] = useState<ReachStatus>({ state: 'idle' });
  const reachNow = useRef(reachStatus);
  reachNow.current = reachStatus;
  const stopReach = useRef<(() => void) | undefined>(undefined);
  const [since, setSince] = useState({ key: '', at: 0, seconds: 0 });
  const rkey = reachKey(state.reach);
  useEffect(() => {
    if (state.mode !== 'reach' || !model) return;
    if (reachStatus.state !== 'idle' && reachStatus.key === rkey) return;
    stopReach.current?.();
    const key = rkey;
    const t0 = performance.now();
    setSince({ key, at: t0, seconds: 0 });
    setReachStatus({ state: 'running', key });
    const mine = (st: ReachStatus) => st.state === 'running' && st.key === key;
    stopReach.current = runner.start(model, reachQueryOf(state.reach.query), {
      sides: (sides) => setReachStatus((st) => (mine(st) ? { state: 'running', key, sides } : st)),
      done: (result) => setReachStatus((st) => (mine(st) ? { state: 'done', key, result: printableDeep(result), elapsedMs: performance.now() - t0 } : st)),
      fail: (text) => setReachStatus((st) => (mine(st) ? { state: 'failed', key, message: escapeControls(text) } : st)),
    });
  }, [state.mode, rkey, model, runner]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const st = reachNow.current;
    if (state.reach.stops === 0 || st.state !== 'running') return;
    stopReach.current?.();
    stopReach.current = undefined;
    setReachStatus({ state: 'stopped', key: st.key });
  }, [state.reach.stops]);
  // while it walks, the seconds it has taken, once a second
  useEffect(() => {
    if (reachStatus.state !== 'running') return;
    const timer = setInterval(() => setSince((x) => ({ ...x, seconds: Math.floor((performance.now() - x.at) / 1000) })), 1000);
    return () => clearInterval(timer);
  }, [reachStatus.state]);
  useEffect(() => () => stopReach.current?.(), []);
  const reachDone = reachStatus.state === 'done' && reachStatus.key === rkey ? reachStatus.result : undefined;
  // read through the ref: a key handled before the next render still sees the answer drawn
  const reachLines = (s: UiState): number => {
    const st = reachNow.current;
    return st.state === 'done' && st.key === reachKey(s.reach) ? st.result.lines.length : 0;
  };

  useEffect(() => {
    if (!state.quit) return;
    onQuit?.(state.interrupted ? 130 : 0);
    exit();
  }, [state.quit, exit]); // eslint-disable-line react-hooks/exhaustive-deps

  // `w` in what-if: the scenario with the fixes applied, saved beside the loaded one
  useEffect(() => {
    if (state.saveRequests === 0 || !fixed) return;
    if (!save) {
      dispatch({ type: 'notice', text: 'saving is not available here' });
      return;
    }
    const header = ` ${loaded.file} with the what-if fixes for ${flow ? `${flow.from} → ${flow.to}` : 'the trace'} applied\n written by \`vpcsim tui\` (what-if, w): review it before you use it\n${fixed.banner.patches.map((p) => ` ${p}`).join('\n')}`;
    save(fixed.model.scenario, header).then(
      (path) => dispatch({ type: 'notice', text: `saved the scenario with the fixes to ${escapeControls(path)}` }),
      (e: unknown) => dispatch({ type: 'notice', text: `could not save: ${escapeControls(message(e))}` }),
    );
  }, [state.saveRequests]); // eslint-disable-line react-hooks/exhaustive-deps

  const whole = fixed ? { trace: fixed.trace } : traceResult;
  // a trace to a load balancer: the leg picked with `l` (legs.ts)
  const leg = whole && 'trace' in whole ? legOf(whole.trace, state.leg) : undefined;
  const shown = leg ? { trace: leg.trace } : whole;
  const checkCount = checks.state === 'done' ? checks.results.length : 0;
  const hopCountFor = (s: UiState): number => {
    if (s.mode === 'request') {
      const t = requestResult && 'decision' in requestResult ? requestResult.trace : undefined;
      return t ? t.forward.length + t.return.length : 0;
    }
    const f = flowFor(s);
    const tr = traceFor(f);
    if (!tr || !('trace' in tr)) return 0;
    const t = legOf((s.whatIf ? fixedFor(f, tr)?.trace : undefined) ?? tr.trace, s.leg).trace;
    return t.forward.length + t.return.length;
  };
  const legCountFor = (s: UiState): number => {
    const tr = traceFor(flowFor(s));
    return tr && 'trace' in tr ? legOf((s.whatIf ? fixedFor(flowFor(s), tr)?.trace : undefined) ?? tr.trace, 0).count : 1;
  };

  /** The actions one key causes in state `s`. */
  const actionsFor = (s: UiState, input: string, key: KeyLike): Action[] => {
    const name = keyName(input, key);
    if (s.editor) {
      if (name === 'escape') return [{ type: 'cancel' }];
      if (name === 'enter') {
        const picked = candidatesFor(s)[s.editor.index]?.value ?? s.editor.text.trim();
        return [picked ? { type: 'pick', value: picked } : { type: 'cancel' }];
      }
      if (name === 'up' || name === 'down') return [{ type: 'editor-move', delta: name === 'up' ? -1 : 1, size: candidatesFor(s).length }];
      if (name === 'backspace') return [{ type: 'backspace' }];
      if (name === 'ctrl-c') return [{ type: 'command', command: 'interrupt', counts: { hops: 0, checks: 0 } }];
      if (input && !key.ctrl && !key.meta && !key.tab) return [{ type: 'type', text: input }];
      return [];
    }
    if (name === 'escape') return [{ type: 'cancel' }];
    if (!model && name !== 'q' && name !== 'ctrl-c' && name !== '?') return [];
    const b = commandFor(name, s.mode);
    if (b?.command === 'open' && s.mode === 'reach' && (s.reach.focus === 'lines' || name === 'o')) {
      const st = reachNow.current;
      const i = s.reach.line;
      const witness = st.state === 'done' && st.key === reachKey(s.reach) ? st.result.witnesses[i] : undefined;
      return [witness ? { type: 'reach-open', n: i + 1, flow: witness } : { type: 'notice', text: 'nothing to open: no line is listed yet' }];
    }
    if (b?.command === 'open' && s.mode !== 'reach') {
      const open = model && checks.state === 'done' ? caseOf(model, checks.results, s.check) : undefined;
      return [open ?? { type: 'notice', text: 'nothing to open: this check names no flow or request' }];
    }
    return b ? [{ type: 'command', command: b.command, counts: { hops: hopCountFor(s), checks: checkCount, steps: stepCount, legs: legCountFor(s), lines: reachLines(s) } }] : [];
  };

  // The state after the keys handled so far, ahead of React's next render: a chunk of keys
  // (a paste, fast typing) is applied key by key, each seeing the state the previous one left.
  const latest = useRef(state);
  const rendered = useRef(state);
  if (rendered.current !== state) {
    rendered.current = state;
    latest.current = state;
  }
  useInput((input, key) => {
    let s = latest.current;
    for (const k of splitKeys(input, key)) {
      for (const a of actionsFor(s, k.input, k.key)) {
        s = reducer(s, a);
        dispatch(a);
      }
    }
    latest.current = s;
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

  // one header row, a blank row unless compact, and one row left free so ink never scrolls
  const bodyHeight = height - 1 - (compact ? 0 : 1) - 1;
  let body;
  if (!loaded.ok) body = <ErrorView file={loaded.file} errors={loaded.errors} width={width} height={bodyHeight} />;
  else if (state.help) body = <HelpOverlay width={width} height={bodyHeight} />;
  else if (state.mode === 'trace' && reachFlow(state) && state.reach.opened) {
    // a reach line's witness: which line, and the way back
    const o = state.reach.opened;
    body = (
      <Box flexDirection="column">
        <Text color="cyan" wrap="truncate">
          reach line {o.n}{reachDone ? ` of ${reachDone.lines.length}` : ''}: its witness packet, hop by hop · esc: back to the lines
        </Text>
        <TraceView state={state} candidates={candidates} result={shown} width={width} height={bodyHeight - 1} compact={compact} whatIf={fixed?.banner} leg={leg && leg.count > 1 ? leg : undefined} />
      </Box>
    );
  } else if (state.mode === 'trace') body = <TraceView state={state} candidates={candidates} result={shown} width={width} height={bodyHeight} compact={compact} whatIf={fixed?.banner} leg={leg && leg.count > 1 ? leg : undefined} />;
  else if (state.mode === 'reach') body = <ReachView reach={state.reach} field={state.field} editor={state.editor} candidates={candidates} status={reachStatus.state !== 'idle' && reachStatus.key === rkey ? reachStatus : { state: 'running', key: rkey }} seconds={since.key === rkey ? since.seconds : 0} width={width} height={bodyHeight} compact={compact} />;
  else if (state.mode === 'request' && view === 'who-can') body = <WhoCanView state={state} candidates={candidates} result={whoCanResult} width={width} height={bodyHeight} compact={compact} />;
  else if (state.mode === 'request' && view === 'paths') body = <PathsView state={state} candidates={candidates} result={pathsResult} width={width} height={bodyHeight} compact={compact} />;
  else if (state.mode === 'request') body = <RequestView state={state} candidates={candidates} result={requestResult} width={width} height={bodyHeight} compact={compact} />;
  else body = <ChecksView status={checks} selected={state.check} width={width} height={bodyHeight} compact={compact} />;

  return (
    <Box flexDirection="column" width={width}>
      {header}
      {/* the screens lay themselves out to fit; the clip is a last resort against overflow */}
      <Box marginTop={compact ? 0 : 1} flexDirection="column" height={bodyHeight} overflow="hidden">
        {state.notice ? (
          <Text color="magenta" wrap="truncate">
            {state.notice}
          </Text>
        ) : null}
        {body}
      </Box>
    </Box>
  );
}
