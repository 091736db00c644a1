import { describe, expect, it } from 'vitest';
import { fontBuffers } from '#renderer/fonts.ts';
import { checkFace, checkInternals, parseFace, PDFMAKE_MODULES } from '#renderer/pdf-internals.ts';

/**
 * The bridge checks at load that each pdfmake, pdfkit and fontkit internal it uses is there, of
 * the kind it needs: an upgrade that moves one must fail at once with a sentence naming the module
 * and the member (renderer/README.md), never with a wrong PDF.
 */

/** The module's class, through whatever interop wraps it (`.default`, `.default.default`). */
function classOf(namespace: unknown): new () => object {
  let candidate = namespace as { default?: unknown } | undefined;
  while (typeof candidate !== 'function') candidate = candidate!.default as typeof candidate;
  return candidate as unknown as new () => object;
}

/** A module whose class lacks `member` on its prototype. */
function withoutPrototypeMember(namespace: unknown, member: string): unknown {
  class Moved extends classOf(namespace) {}
  Object.defineProperty(Moved.prototype, member, { value: undefined });
  return { default: Moved };
}

describe('the bridge to pdfmake, pdfkit and fontkit internals', () => {
  it('accepts the pinned versions', () => {
    expect(() => checkInternals(PDFMAKE_MODULES)).not.toThrow();
    expect(() => checkFace(parseFace(fontBuffers().normal))).not.toThrow();
  });

  it('names the module and member when a method moved', () => {
    const modules = { ...PDFMAKE_MODULES, 'pdfmake/js/TextInlines.js': withoutPrototypeMember(PDFMAKE_MODULES['pdfmake/js/TextInlines.js'], 'measure') };
    expect(() => checkInternals(modules)).toThrow(
      /^pdfmake\/js\/TextInlines\.js: TextInlines\.prototype\.measure is missing, expected a function; .*pdfmake 0\.3\.11, pdfkit 0\.19\.1 and fontkit 2\.0\.4/,
    );
  });

  it('names TextBreaker#getBreaks and the helpers its copy uses when they moved', () => {
    const modules = { ...PDFMAKE_MODULES, 'pdfmake/js/TextBreaker.js': withoutPrototypeMember(PDFMAKE_MODULES['pdfmake/js/TextBreaker.js'], 'getBreaks') };
    expect(() => checkInternals(modules)).toThrow(/^pdfmake\/js\/TextBreaker\.js: TextBreaker\.prototype\.getBreaks is missing, expected a function/);
    expect(() => checkInternals({ ...PDFMAKE_MODULES, 'pdfmake/js/helpers/variableType.js': {} })).toThrow(
      /^pdfmake\/js\/helpers\/variableType\.js: export isObject is missing, expected a function/,
    );
    class NoCopyStyle extends classOf(PDFMAKE_MODULES['pdfmake/js/StyleContextStack.js']) {}
    Object.defineProperty(NoCopyStyle, 'copyStyle', { value: undefined });
    expect(() => checkInternals({ ...PDFMAKE_MODULES, 'pdfmake/js/StyleContextStack.js': { default: NoCopyStyle } })).toThrow(
      /^pdfmake\/js\/StyleContextStack\.js: StyleContextStack\.copyStyle is missing, expected a function/,
    );
  });

  it('names a named export that is gone or of another kind', () => {
    expect(() => checkInternals({ ...PDFMAKE_MODULES, 'pdfmake/js/PageSize.js': { normalizePageSize: () => 0 } })).toThrow(
      /^pdfmake\/js\/PageSize\.js: export normalizePageMargin is missing, expected a function/,
    );
    expect(() => checkInternals({ ...PDFMAKE_MODULES, 'pdfmake/js/tableLayouts.js': { tableLayouts: 'x' } })).toThrow(
      /^pdfmake\/js\/tableLayouts\.js: export tableLayouts is a string, expected an object/,
    );
  });

  it('names pdfkit’s and fontkit’s members of a parsed face', () => {
    const embedded = parseFace(fontBuffers().normal);
    const movedPrototype = Object.create(Object.getPrototypeOf(embedded) as object, { layoutRun: { value: undefined } }) as object;
    const noLayoutRun = Object.assign(Object.create(movedPrototype) as object, { font: embedded.font });
    expect(() => checkFace(noLayoutRun)).toThrow(/^pdfkit: EmbeddedFont\.prototype\.layoutRun is missing, expected a function/);
    const font = Object.create(embedded.font as object, { _getTableStream: { value: undefined } }) as object;
    const withFont = Object.assign(Object.create(Object.getPrototypeOf(embedded) as object) as object, { font });
    expect(() => checkFace(withFont)).toThrow(/^fontkit: TTFFont\._getTableStream is missing, expected a function/);
  });
});
