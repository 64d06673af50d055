import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { PGLITE_BYTEA } from './pglite-bytea.ts';
import { yjsDocuments } from './schema/index.ts';

const BYTEA = 17;

describe('PGlite bytea through Buffer hex', { timeout: 120_000 }, () => {
  it('stores and reads back every byte value, empty values and views into larger buffers', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      const every = Uint8Array.from({ length: 256 * 4 }, (_, i) => i % 256);
      const backing = new Uint8Array(64).fill(0xee);
      backing.set([0, 1, 2, 0xff], 10);
      const view = backing.subarray(10, 14);
      const values = { every, empty: new Uint8Array(0), view };
      for (const [name, state] of Object.entries(values)) {
        await database.db.insert(yjsDocuments).values({ name, state, sizeBytes: state.byteLength });
      }
      for (const [name, state] of Object.entries(values)) {
        const [row] = await database.db
          .select({ state: yjsDocuments.state })
          .from(yjsDocuments)
          .where(eq(yjsDocuments.name, name));
        expect(row!.state).toBeInstanceOf(Uint8Array);
        expect([...row!.state]).toEqual([...state]);
      }
    } finally {
      await database.close();
    }
  });

  it('writes the same text as PGlite itself and refuses what is not bytes', () => {
    const serialize = PGLITE_BYTEA.serializers[BYTEA];
    expect(serialize(Uint8Array.of(0, 15, 16, 255))).toBe('\\x000f10ff');
    expect(() => serialize('not bytes')).toThrow('Invalid input for bytea type');
    expect([...PGLITE_BYTEA.parsers[BYTEA]('\\x000f10ff')]).toEqual([0, 15, 16, 255]);
  });
});
