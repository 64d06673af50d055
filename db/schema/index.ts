export * from './activity.ts';
export * from './auth.ts';
export * from './candidates.ts';
export * from './history.ts';
export * from './organizations.ts';
export * from './problems.ts';
export * from './reviews.ts';
