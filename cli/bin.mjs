#!/usr/bin/env node
// The congress-docs command: load the TypeScript program through tsx's ESM hooks, then run it.
// Kept tiny and plain JS: each command loads what it needs only when it runs (startup time).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
