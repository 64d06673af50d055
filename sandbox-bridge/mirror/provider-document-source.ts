import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { logContextFields } from '../../protocol/log-context.ts';
import { OriginTagger } from '../../protocol/origin-tagger.ts';
import { withRequestIdParam } from '../../protocol/request-id.ts';
import { BridgeError } from '../errors.ts';
import type { DocumentSource, OpenDocument } from './document-source.ts';

export interface ProviderSourceOptions {
  /** ws:// URL of the collab-server (COLLAB_URL). */
  url: string;
  /** A fresh service token for the document's session, asked on every (re)connect. */
  token: (documentName: string) => Promise<string>;
  /** How long to wait for the first sync. */
  syncTimeoutMs?: number;
}

/** Marks the bridge's own local transactions on a provider's document. */
const BRIDGE_TRANSACTION = Symbol('sandbox-bridge');

/**
 * Documents over WebSocket, for a bridge running as its own process: a
 * HocuspocusProvider per document, authenticated with a service token, its
 * edits tagged through the provider's stateless channel.
 */
export function providerDocumentSource(options: ProviderSourceOptions): DocumentSource {
  return {
    async open(documentName) {
      const doc = new Y.Doc();
      // The request that opened the document, so the collab-server's lines about
      // this connection carry its id (a provider cannot send headers).
      const url = withRequestIdParam(options.url, logContextFields().requestId);
      const websocket = new HocuspocusProviderWebsocket({ url });
      let refuse: (error: Error) => void = () => {};
      const provider = new HocuspocusProvider({
        websocketProvider: websocket,
        name: documentName,
        document: doc,
        token: () => options.token(documentName),
        onAuthenticationFailed: ({ reason }) =>
          refuse(
            new BridgeError(
              'DOCUMENT_UNAVAILABLE',
              `The collab-server refused the bridge for ${documentName}: ${reason}.`,
            ),
          ),
      });
      provider.attach();
      // Waits for the server (`sent`) still pending when the document closes:
      // they fail, since what they wait for will never be sent.
      const waiting = new Set<(error: Error) => void>();
      const close = async () => {
        for (const fail of waiting)
          fail(
            new BridgeError(
              'DOCUMENT_UNAVAILABLE',
              `${documentName} was closed before the server had every change.`,
            ),
          );
        waiting.clear();
        provider.destroy();
        websocket.destroy();
        doc.destroy();
      };
      try {
        await new Promise<void>((resolve, reject) => {
          refuse = reject;
          const timer = setTimeout(
            () =>
              reject(
                new BridgeError(
                  'DOCUMENT_UNAVAILABLE',
                  `Could not sync ${documentName} from ${options.url}; check COLLAB_URL and that the collab-server runs.`,
                ),
              ),
            options.syncTimeoutMs ?? 10_000,
          );
          if (provider.isSynced) {
            clearTimeout(timer);
            resolve();
          }
          provider.on('synced', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      } catch (error) {
        await close();
        throw error;
      }
      const tagger = new OriginTagger(provider);
      const handle: OpenDocument = {
        doc,
        transact(origin, change) {
          tagger.run(origin, () => doc.transact(() => change(doc), BRIDGE_TRANSACTION));
        },
        isOwn: (transaction) => transaction.origin === BRIDGE_TRANSACTION,
        // The server has every change once the provider has none unsynced.
        sent: () =>
          new Promise<void>((resolve, reject) => {
            const fail = (error: Error) => {
              provider.off('unsyncedChanges', check);
              reject(error);
            };
            const check = () => {
              if (provider.hasUnsyncedChanges) return;
              provider.off('unsyncedChanges', check);
              waiting.delete(fail);
              resolve();
            };
            waiting.add(fail);
            provider.on('unsyncedChanges', check);
            check();
          }),
        close,
      };
      return handle;
    },
  };
}
