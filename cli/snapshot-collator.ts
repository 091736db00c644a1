import * as v8 from 'node:v8';

/**
 * `node --build-snapshot` cannot save ICU objects, and templates/vietnamese.ts makes an
 * `Intl.Collator` when it loads. While a snapshot is built, collators are stand-ins that create
 * the real one on first use and forget it before the heap is saved; after the snapshot is
 * restored, `restoreCollators` puts the real constructor back (stand-ins already made stay
 * valid: they make a real collator with the same arguments on first use).
 *
 * This module must be the bundle's first import, before any module that makes a collator.
 */

const RealCollator = Intl.Collator;

type CollatorArgs = ConstructorParameters<typeof Intl.Collator>;

const standIns: LazyCollator[] = [];

class LazyCollator {
  readonly #args: CollatorArgs;
  #real: Intl.Collator | undefined;
  constructor(...args: CollatorArgs) {
    this.#args = args;
    standIns.push(this);
  }
  #collator(): Intl.Collator {
    return (this.#real ??= new RealCollator(...this.#args));
  }
  // Intl.Collator's `compare` is a bound function: `array.sort(collator.compare)` must work.
  readonly compare = (a: string, b: string): number => this.#collator().compare(a, b);
  resolvedOptions(): Intl.ResolvedCollatorOptions {
    return this.#collator().resolvedOptions();
  }
  forget(): void {
    this.#real = undefined;
  }
}

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  (Intl as { Collator: unknown }).Collator = LazyCollator;
  v8.startupSnapshot.addSerializeCallback(() => {
    for (const standIn of standIns) standIn.forget();
  });
}

export function restoreCollators(): void {
  (Intl as { Collator: unknown }).Collator = RealCollator;
}
