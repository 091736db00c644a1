import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '#templates/render.ts';
import { exampleInput } from './fixtures.ts';

// A full collection on demand, for heap figures that say what is still reachable.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

describe('memory of a long run of renders', () => {
  it('keeps no document alive after its render, even when the renders never yield to the event loop', async () => {
    const input = exampleInput('report');
    for (let i = 0; i < 3; i++) await renderPdf(input); // what is kept across documents, kept now
    const before = heapMb();
    for (let i = 0; i < 40; i++) await renderPdf(input);
    // A document left reachable costs ~0.35 MB (its pages, fonts, objects): 40 would be ~14 MB.
    expect(heapMb() - before).toBeLessThan(6);
  });
});
