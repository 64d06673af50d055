import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import type { DatabaseHandle } from '../../db/client.ts';
import type { Logger } from '../../protocol/logger.ts';
import { serveOperations } from '../../protocol/operations-endpoints.ts';
import { Readiness } from '../../protocol/readiness.ts';
import { observeRequest } from '../../protocol/request-observer.ts';
import type { AppConfig } from '../config.server.ts';
import '../context.server.ts';
import { listen } from '../../protocol/listen.ts';
import {
  type DeadlineWatcher,
  startDeadlineWatcher,
} from '../interview/deadline-watcher.server.ts';
import { type ReviewWorker, startReviewWorker } from '../review/jobs.server.ts';
import { type AppServices, createAppServices } from '../services.server.ts';
import { originCheck } from './origin-check.ts';
import { withErrorLogging } from './remix-errors.ts';
import { routeLabeler } from './route-patterns.ts';
import { securityHeaders } from './security-headers.ts';

export interface AppServer {
  port: number;
  services: AppServices;
  /** Submits sessions whose time is up, even with no browser open. */
  deadlines: DeadlineWatcher;
  /** Runs the AI reviews queued on submission. */
  reviews: ReviewWorker;
  close(): Promise<void>;
}

export interface AppServerOptions {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
  /** The Remix server build; loaded from build/server by default. */
  build?: ServerBuild;
  /** Folder with static assets (public/). */
  publicDir?: string;
}

/**
 * Starts the Remix app behind Express: request ids, access log and latency,
 * security headers, /healthz, /readyz and /metrics, the cross-origin check,
 * static assets, then Remix.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const services = createAppServices(options);
  const root = process.cwd();
  const build = withErrorLogging(
    options.build ??
      ((await import(join(root, 'build/server/index.js'))) as unknown as ServerBuild),
    options.logger,
  );
  const publicDir = options.publicDir ?? join(root, 'public');
  const labelOf = routeLabeler(build);
  const operations = {
    service: 'app',
    registry: services.metrics.registry,
    readiness: new Readiness({ database: () => services.database.ping() }, services.logger),
    metricsToken: services.config.METRICS_TOKEN,
  };

  const app = express();
  app.disable('x-powered-by');
  // Throws on an entry that is neither an address nor a range: a
  // misconfigured proxy list stops start-up instead of trusting anyone.
  if (services.config.TRUSTED_PROXIES.length > 0) {
    app.set('trust proxy', services.config.TRUSTED_PROXIES);
  }
  app.use((request, response, next) => {
    observeRequest(
      request,
      response,
      {
        logger: services.logger,
        duration: services.metrics.httpDuration,
        label: () => labelOf(request.path),
      },
      next,
    );
  });
  app.use(
    securityHeaders({
      collab: services.config.COLLAB_PUBLIC_URL,
      terminal: services.config.BRIDGE_PUBLIC_URL,
    }),
  );
  app.get(['/healthz', '/readyz', '/metrics'], (request, response, next) => {
    serveOperations(request, response, operations).then(
      (served) => served || next(),
      (error: unknown) => next(error),
    );
  });
  app.use(originCheck(services.config.PUBLIC_URL));
  app.use('/build', express.static(join(publicDir, 'build'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(publicDir, { maxAge: '1h' }));
  app.all(
    '*',
    createRequestHandler({
      build,
      getLoadContext: (request, response) => ({
        services,
        // request.ip is the socket's peer unless TRUSTED_PROXIES names it.
        clientAddress: request.ip ?? request.socket.remoteAddress ?? 'unknown',
        cspNonce: response.locals.cspNonce as string,
      }),
    }),
  );

  const http: Server = createServer(app);
  await listen(http, services.config.PORT, services.config.HOST, { port: 'PORT', host: 'HOST' });
  const port = (http.address() as AddressInfo).port;
  services.logger.info({ port }, 'app listening');
  const deadlines = startDeadlineWatcher(
    { services },
    services.submission,
    services.config.DEADLINE_CHECK_MS,
  );
  const reviews = startReviewWorker({ services }, services.config.REVIEW_POLL_MS);
  return {
    port,
    services,
    deadlines,
    reviews,
    close: async () => {
      await deadlines.stop();
      await reviews.stop();
      services.sessionDocuments.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
