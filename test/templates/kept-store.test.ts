import { describe, expect, it } from 'vitest';
import { KeptStore } from '../../templates/kept-trees.ts';

const value = (size: number) => ({ size });

describe('kept values within a budget', () => {
  it('lets the oldest go when a new value would exceed the budget', () => {
    const store = new KeptStore<{ size: number }>(100);
    store.set('a', value(40));
    store.set('b', value(40));
    store.set('c', value(40));
    expect(store.has('a')).toBe(false);
    expect([store.has('b'), store.has('c')]).toEqual([true, true]);
  });

  it('counts long keys against the budget', () => {
    const store = new KeptStore<{ size: number }>(100);
    store.set('k'.repeat(64 * 60), value(1));
    store.set('short', value(50));
    expect(store.size).toBe(1);
    expect(store.has('short')).toBe(true);
  });

  it('never keeps a value larger than the whole budget, and keeps what it had', () => {
    const store = new KeptStore<{ size: number }>(100);
    store.set('small', value(10));
    store.set('huge', value(1000));
    expect(store.has('huge')).toBe(false);
    expect(store.has('small')).toBe(true);
  });

  it('replacing a key frees what the old value cost', () => {
    const store = new KeptStore<{ size: number }>(100);
    for (let i = 0; i < 50; i++) store.set('same', value(89));
    store.set('other', value(9)); // 89+1 and 9+1: exactly the budget
    expect([store.has('same'), store.has('other')]).toEqual([true, true]);
  });
});
