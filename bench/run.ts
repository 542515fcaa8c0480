import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A benchmark module exports `name`, `description` and `run()`, which prints its own figures and baseline. */
export interface Benchmark {
  name: string;
  description: string;
  run: () => Promise<void>;
}

const dir = path.dirname(fileURLToPath(import.meta.url));

export async function runBenchmarks(names: string[]) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
  for (const f of files) {
    const mod = (await import(path.join(dir, f))) as { benchmark: Benchmark };
    const b = mod.benchmark;
    if (names.length && !names.includes(b.name)) continue;
    console.log(`\n=== ${b.name}: ${b.description}`);
    await b.run();
  }
}
