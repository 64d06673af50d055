/**
 * The bridge's mirror as its own process, for tests/faults/bridge-kill.test.ts:
 * the local driver's sandbox, a provider connection to COLLAB_URL and a
 * WorkspaceMirror as session-registry.ts builds it, with its bases under
 * MIRROR_STATE_DIR (unset: none, as before the fix). Prints "mirror ready".
 */
import { silentLogger } from '../../protocol/logger.ts';
import { LocalSandboxDriver } from '../../sandbox-bridge/driver/local-driver.ts';
import { FolderBaseStore } from '../../sandbox-bridge/mirror/mirror-bases.ts';
import { providerDocumentSource } from '../../sandbox-bridge/mirror/provider-document-source.ts';
import { WorkspaceMirror } from '../../sandbox-bridge/mirror/workspace-mirror.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const logger = silentLogger();
const driver = await LocalSandboxDriver.start({ root: env('SANDBOX_DIR'), logger });
const sandbox = await driver.create(env('SANDBOX_ID'));
const document = await providerDocumentSource({
  url: env('COLLAB_URL'),
  token: async () => 'test',
}).open(env('DOC_NAME'));
const stateDir = process.env.MIRROR_STATE_DIR;
const mirror = new WorkspaceMirror({
  sandbox,
  document,
  logger,
  ...(stateDir ? { bases: new FolderBaseStore(stateDir) } : {}),
});
await mirror.start();
console.log(`mirror ready conflicts=${mirror.conflicts}`);
