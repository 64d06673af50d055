import { types } from '@electric-sql/pglite';

/**
 * bytea in and out of PGlite as hex through Buffer. PGlite's own bytea
 * serializer maps every byte through a JavaScript string (and its parser
 * parses every pair with parseInt): about 2 s per MB each way, on the event
 * loop every session shares, so a 900 KB history row or an 8 MB document
 * state stalled all of them for seconds (decision 019). Same text format,
 * about a hundred times faster.
 */
export const PGLITE_BYTEA = {
  serializers: {
    [types.BYTEA]: (value: unknown): string => {
      if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
    },
  },
  parsers: {
    [types.BYTEA]: (value: string): Uint8Array => {
      const bytes = Buffer.from(value.slice(2), 'hex');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  },
};
