export * from './driver.ts';
export * from './migrate.ts';
export * from './open-store.ts';
export * from './rows.ts';
export * from './schema-template.ts';
export * from './sql.ts';
