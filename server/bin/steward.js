#!/usr/bin/env node
// The `steward` command: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/main.ts');
await main(process.argv.slice(2));
