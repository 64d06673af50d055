import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { silentLogger } from '../../protocol/logger.ts';
import { loadBridgeConfig } from '../../sandbox-bridge/config.ts';
import { detectHostRuntime } from '../../sandbox-bridge/driver/host-runtime.ts';
import { LocalSandboxDriver } from '../../sandbox-bridge/driver/local-driver.ts';
import { BridgeError } from '../../sandbox-bridge/errors.ts';
import { captureLogs } from '../support/log-capture.ts';

// Issue 11, attack 3: without bubblewrap the local driver used to warn and run
// candidates' code on the host. It now fails closed; only an operator's
// explicit, loudly named switch runs it unisolated.

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
const freshRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'tandem-unisolated-'));
  roots.push(root);
  return root;
};

async function refusal(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BridgeError);
  return error as BridgeError;
}

describe('no bubblewrap means no start', () => {
  test('a bubblewrap path that does not exist stops the driver with SANDBOX_UNISOLATED', async () => {
    const runtime = await detectHostRuntime({ bwrapPath: '/nonexistent/bin/bwrap' });
    expect(runtime.bwrap).toBeNull();
    const error = await refusal(
      LocalSandboxDriver.start({ root: freshRoot(), logger: silentLogger(), runtime }),
    );
    expect(error.code).toBe('SANDBOX_UNISOLATED');
    expect(error.message).toContain('Install bubblewrap');
    expect(error.message).toContain('TANDEM_UNSAFE_UNISOLATED_SANDBOX=1');
  });

  test('a machine where bubblewrap is absent stops the driver too', async () => {
    const runtime = await detectHostRuntime({ disableBwrap: true });
    const error = await refusal(
      LocalSandboxDriver.start({ root: freshRoot(), logger: silentLogger(), runtime }),
    );
    expect(error.code).toBe('SANDBOX_UNISOLATED');
  });

  test('the unsafe switch starts it unisolated and says so in a warning', async () => {
    const logs = captureLogs();
    const runtime = await detectHostRuntime({ disableBwrap: true });
    const driver = await LocalSandboxDriver.start({
      root: freshRoot(),
      logger: pino({ level: 'info' }, logs.destination),
      runtime,
      allowUnisolated: true,
    });
    expect(driver.isolated).toBe(false);
    const warning = logs.lines().find((line) => String(line.msg).startsWith('UNSAFE'));
    expect(warning).toMatchObject({ level: 40, TANDEM_UNSAFE_UNISOLATED_SANDBOX: true });
    await driver.close();
  });

  test('the switch is off unless the operator sets it, and it is read from the environment', () => {
    const base = { TANDEM_SECRET: 'x'.repeat(40) };
    expect(loadBridgeConfig(base).TANDEM_UNSAFE_UNISOLATED_SANDBOX).toBe(false);
    expect(
      loadBridgeConfig({ ...base, TANDEM_UNSAFE_UNISOLATED_SANDBOX: '1' })
        .TANDEM_UNSAFE_UNISOLATED_SANDBOX,
    ).toBe(true);
  });
});
