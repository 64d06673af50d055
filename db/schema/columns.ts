import { customType, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * bytea that always reads back as a Uint8Array: PGlite returns Uint8Array and
 * postgres.js returns Buffer (a Uint8Array subclass with other equality).
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) =>
    value instanceof Uint8Array && value.constructor !== Uint8Array
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : value,
});

/** Text primary key with a random UUID default. */
export const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

/** Millisecond-precision timestamp; history and replay need milliseconds. */
export const ts = (name: string) => timestamp(name, { precision: 3, withTimezone: true });

export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () =>
  ts('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
