/**
 * What a person (or the console, which says it in Vietnamese) is told about a bad body: one
 * error per field, a stable code with its parameters, and a sentence that can be acted on.
 */
import { describe, expect, it } from 'vitest';
import { parseSubmissionsCsv } from '../../../functions/core/csv-submissions.ts';
import { ValidationError } from '../../../functions/core/errors.ts';
import { campaignSchema, documentRequestSchema, submissionSchemaFor } from '../../../functions/core/schemas.ts';
import { parseOrThrow } from '../../../functions/core/validation.ts';
import { contractSubmission } from '../../support/contract-examples.ts';

function refusal(schema: Parameters<typeof parseOrThrow>[0], body: unknown): ValidationError {
  try {
    parseOrThrow(schema, body);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('the body was accepted');
}

const on = (day: string) => submissionSchemaFor(day);
const submission = (change: (s: typeof contractSubmission) => void) => {
  const s = structuredClone(contractSubmission);
  change(s);
  return s;
};

describe('the two plausibility rules of CONTRACT §3', () => {
  it('refuses more valid ballots than delegates present, at /secretary/votes/valid', () => {
    const err = refusal(on('2020-06-06'), submission((s) => (s.secretary.votes = { for: 119, valid: 119 })));
    expect(err.errors).toEqual([
      {
        path: '/secretary/votes/valid',
        code: 'exceeds',
        params: { other: '/congress/delegatesAttended' },
        message: 'must not exceed congress.delegatesAttended (ballots come from the delegates present)',
      },
    ]);
  });

  it('accepts as many valid ballots as delegates present, and votes without attendance', () => {
    expect(() => parseOrThrow(on('2020-06-06'), submission((s) => (s.secretary.votes = { for: 100, valid: 118 })))).not.toThrow();
    const noAttendance = submission((s) => {
      s.congress = { heldOn: '2020-05-12' } as typeof s.congress;
      s.secretary.votes = { for: 500, valid: 500 };
    });
    expect(() => parseOrThrow(on('2020-06-06'), noAttendance)).not.toThrow();
  });

  it('refuses a congress held after the day the result is received, at /congress/heldOn', () => {
    const err = refusal(on('2020-05-11'), contractSubmission);
    expect(err.errors).toEqual([
      {
        path: '/congress/heldOn',
        code: 'date_in_future',
        params: { receivedOn: '2020-05-11' },
        message: 'must not be after the day it is received (2020-05-11)',
      },
    ]);
    expect(() => parseOrThrow(on('2020-05-12'), contractSubmission)).not.toThrow();
  });

  it('applies both rules to the CSV import too, naming the column', () => {
    const csv = [
      'organizationId,heldOn,delegatesElected,delegatesAttended,secretaryName,electedDirectly,votesFor,votesValid,isLocal,concurrentRole,committeeSize,recommendation',
      'ha-long,2020-05-12,50,40,Trần Thị Bình,true,41,41,false,,,',
      'ha-long,2035-01-01,50,40,Trần Thị Bình,true,40,40,false,,,',
    ].join('\n');
    const [tooMany, future] = parseSubmissionsCsv(csv, '2020-06-06');
    expect(tooMany?.errors).toEqual([expect.objectContaining({ path: '/secretary/votes/valid', column: 'votesValid', code: 'exceeds' })]);
    expect(future?.errors).toEqual([expect.objectContaining({ path: '/congress/heldOn', column: 'heldOn', code: 'date_in_future' })]);
  });
});

describe('messages a person can act on', () => {
  it('reports a bad date once, as a date', () => {
    const err = refusal(on('2030-01-01'), submission((s) => (s.congress.heldOn = '12/05/2020')));
    expect(err.errors).toEqual([{ path: '/congress/heldOn', code: 'invalid_date', message: 'must be a real calendar date YYYY-MM-DD' }]);
  });

  it('lists the allowed values of an enum in a sentence', () => {
    const err = refusal(on('2030-01-01'), submission((s) => ((s.secretary as { concurrentRole: unknown }).concurrentRole = 'chairman')));
    expect(err.errors).toEqual([
      {
        path: '/secretary/concurrentRole',
        code: 'invalid_value',
        params: { allowed: ['people-committee-chair', 'village-head'] },
        message: 'must be one of "people-committee-chair" or "village-head"',
      },
    ]);
  });

  it('says "required" for a missing field, even an enum', () => {
    const { type: _t, ...noType } = { type: 'report', issuedOn: '2020-06-06', signer: { capacity: 'T/M', title: 'BÍ THƯ', fullName: 'A' } };
    const err = refusal(documentRequestSchema, noType);
    expect(err.errors).toEqual([{ path: '/type', code: 'required', message: 'is required' }]);
  });

  it('tells which shape is wanted when the body is of the wrong shape', () => {
    const err = refusal(on('2030-01-01'), [contractSubmission]);
    expect(err.message).toBe('The body must be a JSON object.');
    expect(err.errors).toEqual([{ path: '', code: 'invalid_type', params: { expected: 'object' }, message: 'must be a JSON object' }]);
  });

  it('gives whole numbers, bounds and unknown fields their codes', () => {
    const err = refusal(
      on('2030-01-01'),
      submission((s) => {
        s.committeeSize = 1.5;
        s.congress.delegatesElected = -1;
        (s as Record<string, unknown>).extra = 1;
      }),
    );
    expect(err.errors).toEqual(
      expect.arrayContaining([
        { path: '/committeeSize', code: 'not_integer', message: 'must be a whole number' },
        { path: '/congress/delegatesElected', code: 'too_small', params: { minimum: 0, origin: 'number' }, message: 'must be at least 0' },
        { path: '/extra', code: 'unknown_field', message: 'is not a known field' },
      ]),
    );
  });

  it('names the other field of a cross-field rule', () => {
    const campaign = refusal(campaignSchema, {});
    expect(campaign.errors?.every((e) => e.code === 'required')).toBe(true);
    const err = refusal(documentRequestSchema, {
      type: 'report',
      issuedOn: '2020-06-06',
      asOf: '2020-06-07',
      signer: { capacity: 'T/M', title: 'BÍ THƯ', fullName: 'A' },
    });
    expect(err.errors).toEqual([{ path: '/asOf', code: 'after_date', params: { other: '/issuedOn' }, message: 'must not be after issuedOn' }]);
  });
});
