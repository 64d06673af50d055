import type { Logger } from './logger.ts';

/** One dependency a service needs to do its work; rejects when it cannot be used. */
export type ReadinessCheck = () => Promise<void>;

export type CheckResult = { ok: true } | { ok: false; code: string };

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** A check that has not answered within this long counts as failed. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Readiness, apart from liveness: whether the service can do its work now
 * (its database answers…). The report names only a code per failed check;
 * the reason goes to the log when a check starts failing, not on every probe.
 */
export class Readiness {
  private readonly checks: Record<string, ReadinessCheck>;
  private readonly logger: Logger;
  private readonly failing = new Set<string>();

  constructor(checks: Record<string, ReadinessCheck>, logger: Logger) {
    this.checks = checks;
    this.logger = logger;
  }

  async check(): Promise<ReadinessReport> {
    const names = Object.keys(this.checks);
    const results = await Promise.all(names.map((name) => this.run(name)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    return { ready: results.every((result) => result.ok), checks };
  }

  private async run(name: string): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' })),
        CHECK_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.checks[name]!(), timeout]);
      if (this.failing.delete(name))
        this.logger.info({ check: name }, 'readiness check passes again');
      return { ok: true };
    } catch (error) {
      const code = codeOf(error);
      if (!this.failing.has(name)) {
        this.failing.add(name);
        this.logger.warn({ check: name, code, err: error }, 'readiness check failing');
      }
      return { ok: false, code };
    } finally {
      clearTimeout(timer);
    }
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'UNAVAILABLE';
}
