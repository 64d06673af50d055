import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../protocol/env.ts';
import { silentLogger } from '../../protocol/logger.ts';
import { freePort } from '../../tests/support/ports.ts';
import { loadBridgeConfig } from '../config.ts';
import { BridgeError } from '../errors.ts';
import { startTestDriver, type TestDriver } from '../test-support/local-sandbox.ts';
import { createSandboxDriver } from './create-driver.ts';
import { DEFAULT_EXEC_LIMITS } from './limits.ts';
import { ModalSandboxDriver } from './modal-driver.ts';
import {
  MODAL_WORKSPACE,
  modalExecCommand,
  modalLimitOf,
  modalSandboxParams,
} from './modal-mapping.ts';

// Modal cannot be reached from here (gRPC to api.modal.com): these tests cover
// configuration, the mapping of limits and listings (run for real in a local
// bubblewrap sandbox, whose workspace is also /workspace), and how an
// unreachable Modal is reported. docs/decisions/006-sandbox.md lists the rest.

describe('choosing the Modal driver', () => {
  test('SANDBOX_DRIVER=modal without credentials stops start-up naming the variables', () => {
    expect(() =>
      loadBridgeConfig({ TANDEM_SECRET: 'x'.repeat(40), SANDBOX_DRIVER: 'modal' }),
    ).toThrow(ConfigError);
    try {
      loadBridgeConfig({ TANDEM_SECRET: 'x'.repeat(40), SANDBOX_DRIVER: 'modal' });
    } catch (error) {
      expect((error as ConfigError).variables).toContain('MODAL_TOKEN_ID');
    }
  });

  test('with credentials the driver is built without contacting Modal', async () => {
    const config = loadBridgeConfig({
      TANDEM_SECRET: 'x'.repeat(40),
      SANDBOX_DRIVER: 'modal',
      MODAL_TOKEN_ID: 'ak-test',
      MODAL_TOKEN_SECRET: 'as-test',
    });
    const driver = await createSandboxDriver(config, silentLogger());
    expect(driver).toBeInstanceOf(ModalSandboxDriver);
    expect(driver.kind).toBe('modal');
    expect(driver.isolated).toBe(true);
    await driver.close();
  });

  test('an unreachable Modal is reported as MODAL_UNREACHABLE with a sentence', async () => {
    const previous = process.env.MODAL_SERVER_URL;
    // The modal package reads its server address from the environment.
    process.env.MODAL_SERVER_URL = `http://127.0.0.1:${await freePort()}`;
    const driver = new ModalSandboxDriver({
      tokenId: 'ak-test',
      tokenSecret: 'as-test',
      appName: 'tandem-test',
      logger: silentLogger(),
      client: { timeoutMs: 2000, maxRetries: 0 },
    });
    try {
      const error = await driver.create('s-unreachable').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BridgeError);
      expect(error).toMatchObject({ code: 'MODAL_UNREACHABLE' });
      expect((error as Error).message).toMatch(/SANDBOX_DRIVER=local/);
    } finally {
      await driver.close();
      if (previous === undefined) delete process.env.MODAL_SERVER_URL;
      else process.env.MODAL_SERVER_URL = previous;
    }
  });
});

describe('what the Modal driver asks Modal for', () => {
  test('sandboxes block the network and cap memory for the whole container', () => {
    const params = modalSandboxParams('s-1', DEFAULT_EXEC_LIMITS);
    expect(params).toMatchObject({ name: 's-1', blockNetwork: true, workdir: MODAL_WORKSPACE });
    expect(params.memoryLimitMiB).toBe(2048);
    expect(params.env.NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
  });
});

describe('the Modal command wrappers, run for real in a local sandbox', () => {
  let harness: TestDriver;
  beforeAll(async () => {
    harness = await startTestDriver();
  });
  afterAll(async () => {
    await harness?.cleanup();
  });

  test('the exec wrapper stops a runaway command and the stop is read as the right limit', async () => {
    const sandbox = await harness.driver.create('modal-exec');
    const limits = { ...DEFAULT_EXEC_LIMITS, cpuSeconds: 1, wallClockMs: 2000 };
    const sleeper = await sandbox.exec(modalExecCommand(['sleep', '30'], limits), {
      limits: { wallClockMs: 20_000 },
    });
    expect(sleeper.exitCode).toBe(137);
    expect(modalLimitOf({ exitCode: 137, stderr: sleeper.stderr, truncated: false }, limits)).toBe(
      'wall_clock',
    );
    const spinLimits = { ...limits, wallClockMs: 15_000 };
    const spinner = await sandbox.exec(
      modalExecCommand(['node', '-e', 'for (;;) {}'], spinLimits),
      {
        limits: { wallClockMs: 20_000 },
      },
    );
    expect(
      modalLimitOf(
        { exitCode: spinner.exitCode ?? -1, stderr: spinner.stderr, truncated: false },
        spinLimits,
      ),
    ).toBe('cpu_time');
  });
});

describe('the Modal image per language', () => {
  test('each compiled language adds a layer of the packages the local setup script installs', async () => {
    const { readFileSync } = await import('node:fs');
    const { MODAL_LANGUAGE_LAYERS, modalImageCommands } = await import('./modal-images.ts');
    const script = readFileSync(
      new URL('../../scripts/ensure-system-packages.sh', import.meta.url),
      'utf8',
    );
    const local = /wanted="\$\{\*:-([^}]*)\}"/.exec(script)![1]!.split(' ');
    for (const language of ['java', 'cpp', 'go', 'rust'] as const) {
      expect(MODAL_LANGUAGE_LAYERS[language].length).toBeGreaterThan(0);
      for (const pkg of MODAL_LANGUAGE_LAYERS[language]) expect(local).toContain(pkg);
    }
    expect(modalImageCommands(['typescript', 'python'])).toEqual([]);
    expect(modalImageCommands(['rust'])).toHaveLength(1);
    const java = modalImageCommands(['java']);
    expect(java).toHaveLength(3);
    expect(java[0]).toContain('openjdk-17-jdk-headless');
    expect(modalImageCommands()).toHaveLength(6);
  });

  test('the shared build caches are the last layer, built from the harness the bridge writes', async () => {
    const { modalImageCommands, MODAL_SHARED_BUILD_CACHE } = await import('./modal-images.ts');
    const { harnessFiles } = await import('../runner/test-command.ts');
    const commands = modalImageCommands(['cpp', 'go']);
    expect(commands.at(-1)).toBe(`ENV TANDEM_SHARED_BUILD_CACHE=${MODAL_SHARED_BUILD_CACHE}`);
    const build = commands.at(-2)!;
    expect(build.startsWith('RUN set -e && ')).toBe(true);
    for (const file of harnessFiles('cpp')) {
      expect(build).toContain(Buffer.from(file.content).toString('base64'));
    }
    expect(build).toContain("'node' '.tandem/compiled-runner.mjs' 'cpp'");
    expect(build).toContain("'node' '.tandem/compiled-runner.mjs' 'go'");
    expect(build).not.toContain("'java'");
    expect(build).toContain(`chmod -R a+rX,go-w ${MODAL_SHARED_BUILD_CACHE}`);
  });
});
