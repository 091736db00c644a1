/**
 * Properties of the request schemas: safeParse never throws, whatever arrives, and every issue
 * points at a place in the input (or at a required key that is missing there).
 */
import { contractSubmission } from '../../support/contract-examples.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  campaignSchema,
  documentRequestSchema,
  keyRequestSchema,
  organizationSchema,
  submissionSchema,
} from '../../../functions/core/schemas.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const validSubmission: Json = { ...contractSubmission, recommendations: ['Đề nghị một', 'Đề nghị hai'], notes: 'Ghi chú' };

/** Keys the schema may report as missing, by the pointer of their parent. */
const REQUIRED: Record<string, readonly string[]> = {
  '': ['organizationId', 'congress', 'secretary'],
  '/congress': ['heldOn'],
  '/secretary': ['fullName', 'electedDirectly', 'isLocal', 'votes'], // votes: required when electedDirectly
  '/secretary/votes': ['for', 'valid'],
};

const hasOwn = (o: unknown, k: PropertyKey) =>
  o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k);

const pointer = (path: readonly PropertyKey[]) =>
  path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** Walks `path` in `input`; undefined when some step does not exist. */
function locate(input: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let node = input;
  for (const k of path) {
    if (!hasOwn(node, k)) return { found: false };
    node = (node as Record<PropertyKey, unknown>)[k];
  }
  return { found: true, value: node };
}

/** Checks every issue of a failed parse; returns a description of each bad one. */
function badIssues(schema: z.ZodType, input: unknown, required: Record<string, readonly string[]>): string[] {
  const r = schema.safeParse(input);
  if (r.success) return [];
  const bad: string[] = [];
  for (const issue of r.error.issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const at = locate(input, path);
      if (!at.found) bad.push(`unrecognized at missing ${pointer(path)}`);
      for (const k of issue.keys) if (!hasOwn(at.value, k)) bad.push(`unrecognized key ${k} not in input at ${pointer(path)}`);
      continue;
    }
    if (locate(input, path).found) continue;
    // Absent: then its parent must exist and the key must be one the schema requires there.
    const parent = path.slice(0, -1);
    const last = path[path.length - 1];
    const parentAt = locate(input, parent);
    const allowed = required[pointer(parent)] ?? [];
    if (!parentAt.found || typeof last !== 'string' || !allowed.includes(last)) {
      bad.push(`${issue.code} at ${pointer(path)} is not in the input nor a required key`);
    }
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------
// arbitraries
// ---------------------------------------------------------------------------------------------

const interestingKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'organizationId',
    'congress',
    'secretary',
    'votes',
    'for',
    'valid',
    'heldOn',
    'notes',
    '',
    '~/',
  ),
  fc.string({ maxLength: 8 }),
);

const interestingValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -0,
    -1,
    0.5,
    1e308,
    -1e308,
    1_000_001,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
    '',
    ' ',
    '2020-02-30',
    '2020-02-29',
    '0099-01-01',
    'Nguye\u0302\u0303n',
    '\u0000',
    '\u001b[31m',
    '\u0085',
    '\u2028',
    'village-head',
    'people-committee-chair',
    'V/v ',
    'a'.repeat(201),
    'x'.repeat(2001),
    [],
    {},
  ),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** All paths (as key arrays) of containers' children in a JSON value. */
function childPaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => {
    const p = [...prefix, k];
    return [p, ...childPaths((v as Record<string | number, Json>)[k]!, p)];
  });
}
function containerPaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => containerPaths((v as Record<string | number, Json>)[k]!, [...prefix, k]))];
}

type Mutation =
  | { op: 'replace'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'add'; at: number; key: string; value: Json };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: interestingValue }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: interestingKey, value: interestingValue }),
);

/**
 * Applies mutations through JSON text, so a `__proto__` key is an own property exactly as after
 * JSON.parse of a request body.
 */
function mutate(base: Json, generated: Mutation[]): unknown {
  let doc: Json = JSON.parse(JSON.stringify(base)) as Json;
  // Copies: the generated values belong to fast-check and must not be changed (nor shared).
  const mutations = generated.map((m) => ('value' in m ? { ...m, value: JSON.parse(JSON.stringify(m.value)) as Json } : m));
  for (const m of mutations) {
    if (m.op === 'add') {
      const targets = containerPaths(doc).filter((p) => {
        const t = locate(doc, p).value;
        return t !== null && typeof t === 'object' && !Array.isArray(t);
      });
      if (targets.length === 0) continue;
      const target = locate(doc, targets[m.at % targets.length]!).value as Record<string, Json>;
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const paths = childPaths(doc);
    if (paths.length === 0) {
      if (m.op === 'replace') doc = m.value;
      continue;
    }
    const path = paths[m.at % paths.length]!;
    const parent = locate(doc, path.slice(0, -1)).value as Record<string | number, Json> | Json[];
    const last = path[path.length - 1]!;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string, Json>)[last];
    } else {
      Object.defineProperty(parent, last, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
  }
  // Round-trip through JSON text: the parser creates own `__proto__` properties.
  return JSON.parse(JSON.stringify(doc));
}

// ---------------------------------------------------------------------------------------------
// properties
// ---------------------------------------------------------------------------------------------

const ALL_SCHEMAS: [string, z.ZodType][] = [
  ['submission', submissionSchema],
  ['campaign', campaignSchema],
  ['organization', organizationSchema],
  ['document request', documentRequestSchema],
  ['key request', keyRequestSchema],
];

describe('schemas never throw', () => {
  it.each(ALL_SCHEMAS)('%s: random JSON values (also parsed from JSON text)', (_name, schema) => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.json().map((t) => JSON.parse(t) as unknown)), (value) => {
        const r = schema.safeParse(value);
        expect(typeof r.success).toBe('boolean');
        if (!r.success) expect(r.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it.each(ALL_SCHEMAS)('%s: arbitrary JS values', (_name, schema) => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }), (value) => {
        expect(() => schema.safeParse(value)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('mutations of a valid submission', () => {
  it('the checker itself flags issues that point nowhere', () => {
    expect(badIssues(submissionSchema, {}, {})).toHaveLength(3);
    expect(badIssues(submissionSchema, {}, REQUIRED)).toEqual([]);
    expect(badIssues(submissionSchema, JSON.parse('{"__proto__":1}'), REQUIRED)).toEqual([]);
  });

  it('never throw, and every issue points into the input or at a required key', () => {
    expect(submissionSchema.safeParse(validSubmission).success).toBe(true);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 5 }), (mutations) => {
        const input = mutate(validSubmission, mutations);
        let bad: string[] = [];
        expect(() => {
          bad = badIssues(submissionSchema, input, REQUIRED);
        }).not.toThrow();
        expect(bad).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('a successful parse is stable: parsing the output again gives the same output', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => {
        const r = submissionSchema.safeParse(mutate(validSubmission, mutations));
        if (!r.success) return;
        const again = submissionSchema.safeParse(r.data);
        expect(again.success).toBe(true);
        if (again.success) expect(again.data).toStrictEqual(r.data);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('generated valid submissions pass', () => {
  const dateArb = fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const countArb = fc.integer({ min: 0, max: 1_000_000 });
  const nameArb = fc
    .string({ unit: fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậỳỷỹýỵ ĐÊÔƠƯ-'), minLength: 1, maxLength: 200 })
    .filter((s) => s.trim().length > 0);
  const idArb = fc
    .tuple(
      fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength: 62 }),
    )
    .map(([a, b]) => a + b);

  const validArb = fc
    .record({
      organizationId: idArb,
      heldOn: dateArb,
      elected: fc.option(countArb, { nil: undefined }),
      attendedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      fullName: nameArb,
      direct: fc.boolean(),
      valid: fc.integer({ min: 1, max: 1_000_000 }),
      forShare: fc.double({ min: 0, max: 1, noNaN: true }),
      isLocal: fc.boolean(),
      role: fc.constantFrom('people-committee-chair', 'village-head', null),
      committeeSize: fc.option(countArb, { nil: undefined }),
      recommendations: fc.option(fc.array(nameArb, { maxLength: 50 }), { nil: undefined }),
    })
    .map((r) => {
      const attended = r.elected === undefined ? undefined : Math.floor(r.elected * r.attendedShare);
      // Ballots come from the delegates present: valid ≤ attended when both are given, and ≥ 1.
      const valid = attended === undefined ? r.valid : Math.max(1, Math.min(r.valid, attended));
      const congress = attended === undefined || (r.direct && attended === 0) ? {} : { delegatesElected: r.elected, delegatesAttended: attended };
      return {
      organizationId: r.organizationId,
      congress: { heldOn: r.heldOn, ...congress },
      secretary: {
        fullName: r.fullName,
        electedDirectly: r.direct,
        ...(r.direct ? { votes: { for: Math.floor(valid * r.forShare), valid } } : {}),
        isLocal: r.isLocal,
        concurrentRole: r.role,
      },
      ...(r.committeeSize === undefined ? {} : { committeeSize: r.committeeSize }),
      ...(r.recommendations === undefined ? {} : { recommendations: r.recommendations }),
      };
    });

  it('every submission within the rules of CONTRACT §3 is accepted', () => {
    fc.assert(
      fc.property(validArb, (body) => {
        const r = submissionSchema.safeParse(body);
        expect(r.success ? [] : r.error.issues).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
