import type { ServerBuild } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import { routeLabeler } from './route-patterns.ts';

// The shape of the Remix route manifest (build.routes), as the server build has it.
const routes = {
  root: { id: 'root', path: '' },
  'routes/_index': { id: 'routes/_index', parentId: 'root', index: true },
  'routes/_team': { id: 'routes/_team', parentId: 'root' },
  'routes/_team.assessments.$id': {
    id: 'routes/_team.assessments.$id',
    parentId: 'routes/_team',
    path: 'assessments/:id',
  },
  'routes/_team.assessments.$id.edit': {
    id: 'routes/_team.assessments.$id.edit',
    parentId: 'routes/_team.assessments.$id',
    path: 'edit',
  },
  'routes/_team.assessments.new': {
    id: 'routes/_team.assessments.new',
    parentId: 'routes/_team',
    path: 'assessments/new',
  },
  'routes/api.interview.$id.files': {
    id: 'routes/api.interview.$id.files',
    parentId: 'root',
    path: 'api/interview/:id/files',
  },
  'routes/api.interview.$id.files.$': {
    id: 'routes/api.interview.$id.files.$',
    parentId: 'routes/api.interview.$id.files',
    path: '*',
  },
  'routes/api.openapi[.json]': {
    id: 'routes/api.openapi[.json]',
    parentId: 'root',
    path: 'api/openapi.json',
  },
};

const label = routeLabeler({ routes } as unknown as ServerBuild);

describe('route labels', () => {
  it('collapse ids into the route pattern, a static segment winning over a parameter', () => {
    expect(label('/assessments/3f2a')).toEqual({ route: '/assessments/:id', quiet: false });
    expect(label('/assessments/new').route).toBe('/assessments/new');
    expect(label('/assessments/3f2a/edit').route).toBe('/assessments/:id/edit');
    expect(label('/api/interview/c-1/files').route).toBe('/api/interview/:id/files');
    expect(label('/api/interview/c-1/files/src/a.ts').route).toBe('/api/interview/:id/files/*');
    expect(label('/api/openapi.json').route).toBe('/api/openapi.json');
    expect(label('/').route).toBe('/');
  });

  it('name probes and static files quietly, and anything else unmatched', () => {
    expect(label('/healthz')).toEqual({ route: '/healthz', quiet: true });
    expect(label('/build/root-AB12.js')).toEqual({ route: '/build/*', quiet: true });
    expect(label('/wp-admin/setup.php')).toEqual({ route: 'unmatched', quiet: false });
    expect(label('/api/openapiXjson').route).toBe('unmatched');
  });
});
