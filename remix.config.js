/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: 'app',
  assetsBuildDirectory: 'public/build',
  publicPath: '/build/',
  serverBuildPath: 'build/server/index.js',
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // `#app/*` and friends are our own code (package.json "imports"), not packages:
  // bundle them, or Node would have to load .tsx files at run time.
  serverDependenciesToBundle: [/^#/],
  // Only route modules and what they import are bundled; server entry points,
  // the editor client (built separately with a current esbuild) and tests stay out.
  ignoredRouteFiles: ['**/.*', '**/*.test.*', '**/*.server.test.*'],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
