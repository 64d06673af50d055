import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import {
  createMetricsRegistry,
  type HttpDurationLabels,
  httpDurationHistogram,
} from '../protocol/metrics.ts';
import type { HistoryEntry } from './history/rows.ts';

/** What the history log reports; kept to increments on the keystroke path. */
export interface HistoryMetrics {
  /** An update was applied to a loaded document (once per update, on every instance that applies it). */
  updateApplied(): void;
  /** These entries are now in the database. */
  written(entries: HistoryEntry[]): void;
  /** An append failed; its entries wait for the next flush. */
  writeFailed(): void;
  checkpointWritten(): void;
}

export interface CollabMetrics extends HistoryMetrics {
  registry: Registry;
  httpDuration: Histogram<HttpDurationLabels>;
}

export interface CollabGauges {
  /** WebSocket connections to documents, on this instance. */
  connections(): number;
  /** Documents loaded in memory on this instance. */
  documents(): number;
  /** History entries waiting to be written. */
  historyPending(): number;
}

/** Seconds from an update being applied to its row being written (flushes every 100 ms by default). */
const LAG_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The collab-server's metrics, in its own registry. */
export function createCollabMetrics(gauges: CollabGauges): CollabMetrics {
  const registry = createMetricsRegistry();
  const registers = [registry];
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  gauge('tandem_collab_connections', 'WebSocket connections to documents.', gauges.connections);
  gauge('tandem_collab_documents_loaded', 'Documents loaded in memory.', gauges.documents);
  gauge(
    'tandem_collab_history_pending',
    'Updates applied but not yet written to the history log.',
    gauges.historyPending,
  );
  const updates = new Counter({
    name: 'tandem_collab_updates_applied_total',
    help: 'Yjs updates applied to loaded documents (rate() gives updates per second).',
    registers,
  });
  const rows = new Counter({
    name: 'tandem_collab_history_rows_written_total',
    help: 'Updates written to the history log.',
    registers,
  });
  const failures = new Counter({
    name: 'tandem_collab_history_write_failures_total',
    help: 'History appends that failed (their updates are retried).',
    registers,
  });
  const checkpoints = new Counter({
    name: 'tandem_collab_checkpoints_written_total',
    help: 'Full-state checkpoints written to the history log.',
    registers,
  });
  const lag = new Histogram({
    name: 'tandem_collab_history_write_lag_seconds',
    help: 'Time from an update being applied to its history row being written.',
    buckets: LAG_BUCKETS,
    registers,
  });
  return {
    registry,
    httpDuration: httpDurationHistogram(registry),
    updateApplied: () => updates.inc(),
    written(entries) {
      const now = Date.now();
      rows.inc(entries.length);
      for (const entry of entries) lag.observe((now - entry.at.getTime()) / 1000);
    },
    writeFailed: () => failures.inc(),
    checkpointWritten: () => checkpoints.inc(),
  };
}
