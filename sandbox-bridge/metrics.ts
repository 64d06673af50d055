import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import {
  createMetricsRegistry,
  type HttpDurationLabels,
  httpDurationHistogram,
} from '../protocol/metrics.ts';
import type { TestRunKind } from '../protocol/tests-stream.ts';
import type { TestSuiteOutcome } from './runner/test-run.ts';

/** How a test run ended: every test passed, some failed, a limit stopped it, or it could not run. */
export type TestRunOutcome = 'passed' | 'failed' | 'limit' | 'error';

export interface BridgeMetrics {
  registry: Registry;
  httpDuration: Histogram<HttpDurationLabels>;
  /** Call when a run starts; call what it returns with the outcome when it ends. */
  testRunStarted(kind: TestRunKind): (outcome: TestRunOutcome) => void;
  /** A session lease this bridge held was lost (taken over, or not renewed in time). */
  leaseLost(): void;
  /** Sessions this bridge took over from a dead (or departed) owner. */
  sessionsAdopted(count: number): void;
}

export interface BridgeGauges {
  /** Session sandboxes the bridge serves now (each with its mirror and terminal). */
  activeSandboxes(): number;
  /** Terminal WebSocket connections open now. */
  terminalConnections(): number;
}

/** Seconds: a test run takes from a fraction of a second to its wall-clock limit. */
const RUN_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];

/** The bridge's metrics, in its own registry. */
export function createBridgeMetrics(gauges: BridgeGauges): BridgeMetrics {
  const registry = createMetricsRegistry();
  const registers = [registry];
  new Gauge({
    name: 'tandem_sandboxes_active',
    help: 'Session sandboxes the bridge serves now (grading copies and try-it sandboxes live only during their runs).',
    registers,
    collect() {
      this.set(gauges.activeSandboxes());
    },
  });
  new Gauge({
    name: 'tandem_terminal_connections',
    help: 'Terminal WebSocket connections open now.',
    registers,
    collect() {
      this.set(gauges.terminalConnections());
    },
  });
  const runs = new Counter({
    name: 'tandem_test_runs_total',
    help: 'Finished test runs by kind (visible, final = grading, reference = try it) and outcome.',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const running = new Gauge({
    name: 'tandem_test_runs_in_progress',
    help: 'Test runs in progress by kind.',
    labelNames: ['kind'],
    registers,
  });
  const duration = new Histogram({
    name: 'tandem_test_run_duration_seconds',
    help: 'Time of a test run from its start to its last result, by kind and outcome.',
    labelNames: ['kind', 'outcome'],
    buckets: RUN_DURATION_BUCKETS,
    registers,
  });
  const leasesLost = new Counter({
    name: 'tandem_session_leases_lost_total',
    help: 'Session leases this bridge lost: another bridge took the session, or renewal came too late (decision 024).',
    registers,
  });
  const adopted = new Counter({
    name: 'tandem_sessions_adopted_total',
    help: 'Orphaned sessions this bridge took over (their owner died or left).',
    registers,
  });
  return {
    registry,
    httpDuration: httpDurationHistogram(registry),
    leaseLost: () => leasesLost.inc(),
    sessionsAdopted: (count) => adopted.inc(count),
    testRunStarted(kind) {
      const started = performance.now();
      running.inc({ kind });
      return (outcome) => {
        running.dec({ kind });
        runs.inc({ kind, outcome });
        duration.observe({ kind, outcome }, (performance.now() - started) / 1000);
      };
    },
  };
}

/** The outcome label of a finished run. */
export function testRunOutcome(outcome: TestSuiteOutcome): TestRunOutcome {
  if (outcome.error) return outcome.error.code === 'TEST_LIMIT' ? 'limit' : 'error';
  return outcome.summary && outcome.summary.failed > 0 ? 'failed' : 'passed';
}
