#!/usr/bin/env node
// Cold NAIVE process, started exactly like cli/bin.mjs (tsx's ESM hooks, then the program).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
const { main } = await import('./cold-main.ts');
process.exitCode = await main(process.argv.slice(2));
