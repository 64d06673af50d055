// `npm run bench -- <name> [options]`: runs one benchmark, or all of them.
// Each benchmark is bench/<name>.ts exporting `run(args: string[]): Promise<void>`.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const folder = import.meta.dirname;
const available = readdirSync(folder)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();

const [name, ...args] = process.argv.slice(2);
const selected = name ? [name] : available;
for (const benchmark of selected) {
  const file = join(folder, `${benchmark}.bench.ts`);
  if (!existsSync(file)) {
    console.error(
      `bench: no benchmark "${benchmark}"; available: ${available.join(', ') || 'none'}`,
    );
    process.exit(2);
  }
  const module = (await import(file)) as { run(args: string[]): Promise<void> };
  await module.run(args);
}
