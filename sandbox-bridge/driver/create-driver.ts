import type { Logger } from '../../protocol/logger.ts';
import type { BridgeConfig } from '../config.ts';
import { BridgeError } from '../errors.ts';
import { LocalSandboxDriver } from './local-driver.ts';
import { ModalSandboxDriver } from './modal-driver.ts';
import type { SandboxDriver } from './types.ts';

/** The driver SANDBOX_DRIVER names: `local` (default) or `modal`. */
export async function createSandboxDriver(
  config: Pick<
    BridgeConfig,
    | 'SANDBOX_DRIVER'
    | 'SANDBOX_DIR'
    | 'MODAL_TOKEN_ID'
    | 'MODAL_TOKEN_SECRET'
    | 'MODAL_APP_NAME'
    | 'TANDEM_UNSAFE_UNISOLATED_SANDBOX'
  > &
    Partial<Pick<BridgeConfig, 'SANDBOX_DISK_MB'>>,
  logger: Logger,
): Promise<SandboxDriver> {
  if (config.SANDBOX_DRIVER === 'modal') {
    if (!config.MODAL_TOKEN_ID || !config.MODAL_TOKEN_SECRET) {
      throw new BridgeError(
        'MODAL_NOT_CONFIGURED',
        'SANDBOX_DRIVER=modal needs MODAL_TOKEN_ID and MODAL_TOKEN_SECRET.',
      );
    }
    return new ModalSandboxDriver({
      tokenId: config.MODAL_TOKEN_ID,
      tokenSecret: config.MODAL_TOKEN_SECRET,
      appName: config.MODAL_APP_NAME,
      logger,
    });
  }
  return LocalSandboxDriver.start({
    root: config.SANDBOX_DIR,
    logger,
    allowUnisolated: config.TANDEM_UNSAFE_UNISOLATED_SANDBOX,
    ...(config.SANDBOX_DISK_MB
      ? { limits: { workspaceBytes: config.SANDBOX_DISK_MB * 1024 * 1024 } }
      : {}),
  });
}
