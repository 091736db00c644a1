/**
 * CONTRACT §3: the request bodies. Valid examples pass; each invalid case is reported at its exact
 * JSON-pointer path; every invalid field is reported at once.
 */
import { contractSubmission } from '../../support/contract-examples.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  campaignSchema,
  documentRequestSchema,
  keyRequestSchema,
  organizationSchema,
  organizationsBodySchema,
  submissionSchema,
} from '../../../functions/core/schemas.ts';

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

/** RFC 6901 pointer of a zod path. */
const pointer = (path: readonly PropertyKey[]) =>
  path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** Every issue as a pointer; an unknown key is reported at the key itself. */
function issuePaths(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  if (r.success) return [];
  return r.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => pointer([...i.path, k])) : [pointer(i.path)],
  );
}

/** The distinct pointers, sorted. */
const distinctPaths = (schema: z.ZodType, value: unknown) => [...new Set(issuePaths(schema, value))].sort();

function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`expected valid, got ${JSON.stringify(r.error.issues)}`);
  return r.data;
}

const clone = <T>(v: T): T => structuredClone(v);

/** A copy of `base` with the value at `path` replaced (or removed when value is DELETE). */
const DELETE = Symbol('delete');
function withAt(base: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = clone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8'));

// ---------------------------------------------------------------------------------------------
// the contract's own examples
// ---------------------------------------------------------------------------------------------

const contractCampaign = {
  name: 'Đại hội đảng bộ các cấp nhiệm kỳ 2020-2025',
  issuer: { name: 'TỈNH ỦY QUẢNG NINH', code: 'TU', parentName: null, place: 'Quảng Ninh', archiveCode: 'VPTU' },
  term: '2020-2025',
  directive: {
    number: '35-CT/TW',
    title:
      'Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng',
  },
  plan: { number: '308-KH/TU' },
  deadlines: { branch: '2020-01-31', grassroots: '2020-06-30', district: '2020-08-31' },
  targets: {
    directElectionPercent: 100,
    districtNonLocalPercent: 100,
    communeNonLocalPercent: 75,
    communeConcurrentChairPercent: 75,
    districtConcurrentChairCount: 3,
    villageBranchHeadPercent: 100,
  },
  lastNumbers: { BC: 414, TTr: 120, CV: 2310 },
};

const contractOrganization = {
  id: 'ha-long-p-bach-dang',
  name: 'Đảng bộ phường Bạch Đằng',
  level: 'grassroots',
  unit: 'commune',
  parentId: 'ha-long',
};

const contractDocumentRequest = {
  type: 'report',
  issuedOn: '2020-06-06',
  asOf: '2020-05-31',
  subject: null,
  addressees: ['Ban Bí thư Trung ương Đảng'],
  recipients: ['Ban Tổ chức Trung ương', 'Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy'],
  signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Nguyễn Xuân Ký' },
  proposal: null,
};

const contractProposal = {
  ...contractDocumentRequest,
  type: 'proposal',
  proposal: {
    subject:
      'về việc thí điểm bầu trực tiếp Bí thư Tỉnh ủy tại Đại hội đại biểu Đảng bộ tỉnh lần thứ XV',
    request: 'Ban Thường vụ Tỉnh ủy kính đề nghị …',
  },
};

const contractKeyRequest = {
  role: 'submitter',
  campaignId: 'qn-2020',
  organizationId: 'ha-long-p-bach-dang',
  label: 'Phường Bạch Đằng',
};

describe('valid examples pass', () => {
  it('the contract campaign, and the bundled examples/campaign.json', () => {
    expect(issuePaths(campaignSchema, contractCampaign)).toEqual([]);
    const example = parsed(campaignSchema, readJson('campaign.json'));
    expect(example.id).toBe('qn-2020');
    expect(example.targets.districtConcurrentChairCount).toBe(3);
  });

  it('a campaign without targets, lastNumbers, plan or parentName', () => {
    const { targets: _t, lastNumbers: _l, plan: _p, ...rest } = contractCampaign;
    const minimal = { ...rest, issuer: { name: 'HUYỆN ỦY BA CHẼ', code: 'HU', place: 'Ba Chẽ', archiveCode: 'VPHU' } };
    const c = parsed(campaignSchema, minimal);
    expect(c.targets).toEqual({});
    expect(c.lastNumbers).toEqual({});
  });

  it('the contract organization and every organization of examples/organizations.json', () => {
    expect(issuePaths(organizationSchema, contractOrganization)).toEqual([]);
    const orgs = readJson('organizations.json') as unknown[];
    expect(orgs.length).toBeGreaterThan(200);
    for (const o of orgs) expect(issuePaths(organizationSchema, o)).toEqual([]);
    expect(issuePaths(organizationsBodySchema, orgs)).toEqual([]);
  });

  it('the contract submission and every submission of examples/submissions.json', () => {
    expect(parsed(submissionSchema, contractSubmission)).toEqual(contractSubmission);
    const subs = readJson('submissions.json') as unknown[];
    expect(subs.length).toBeGreaterThan(200);
    for (const s of subs) expect(issuePaths(submissionSchema, s)).toEqual([]);
  });

  it('a minimal submission: indirect election, no votes; concurrentRole defaults to null', () => {
    const s = parsed(submissionSchema, {
      organizationId: 'ha-long',
      congress: { heldOn: '2020-05-12' },
      secretary: { fullName: 'Trần Văn Bình', electedDirectly: false, isLocal: true },
    });
    expect(s.secretary.concurrentRole).toBeNull();
    expect(s.secretary.votes).toBeUndefined();
  });

  it('boundaries that are allowed', () => {
    const ok = (path: (string | number)[], v: unknown) =>
      expect(issuePaths(submissionSchema, withAt(contractSubmission, path, v)), `${path.join('/')}=${String(v)}`).toEqual([]);
    ok(['committeeSize'], 0);
    ok(['committeeSize'], 1_000_000);
    ok(['congress', 'delegatesElected'], 1_000_000);
    ok(['secretary', 'votes'], { for: 0, valid: 1 });
    ok(['secretary', 'votes'], { for: 118, valid: 118 }); // every delegate present voted
    ok(['congress'], { heldOn: '2020-05-12', delegatesElected: 1_000_000, delegatesAttended: 1_000_000 });
    ok(['congress', 'heldOn'], '2020-02-29');
    ok(['congress', 'heldOn'], '2000-02-29');
    ok(['organizationId'], 'ab');
    ok(['organizationId'], 'a'.repeat(63));
    ok(['organizationId'], '0-');
    ok(['secretary', 'fullName'], 'Đ'.repeat(200));
    ok(['notes'], 'x'.repeat(2000));
    ok(['notes'], 'Đoạn một.\nĐoạn hai.');
    ok(['recommendations'], Array.from({ length: 50 }, (_, i) => `Đề nghị ${i + 1}`));
    ok(['recommendations'], []);
    ok(['secretary', 'concurrentRole'], 'village-head');
    ok(['secretary', 'concurrentRole'], null);
    ok(['secretary', 'concurrentRole'], DELETE);
    ok(['congress', 'delegatesAttended'], 120); // equal to elected
  });

  it('the contract document request; asOf defaults to issuedOn', () => {
    const d = parsed(documentRequestSchema, contractDocumentRequest);
    expect(d.asOf).toBe('2020-05-31');
    const { asOf: _a, ...noAsOf } = contractDocumentRequest;
    expect(parsed(documentRequestSchema, noAsOf).asOf).toBe('2020-06-06');
    expect(parsed(documentRequestSchema, { ...contractDocumentRequest, asOf: null }).asOf).toBe('2020-06-06');
    expect(parsed(documentRequestSchema, { ...contractDocumentRequest, asOf: '2020-06-06' }).asOf).toBe('2020-06-06');
    expect(parsed(documentRequestSchema, contractProposal).proposal?.subject).toMatch(/^về việc/);
  });

  it('the contract key request, and secretariat keys with and without campaignId', () => {
    expect(issuePaths(keyRequestSchema, contractKeyRequest)).toEqual([]);
    expect(issuePaths(keyRequestSchema, { role: 'secretariat' })).toEqual([]);
    expect(issuePaths(keyRequestSchema, { role: 'secretariat', campaignId: 'qn-2020', label: 'Văn phòng' })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// invalid cases, one path each
// ---------------------------------------------------------------------------------------------

type Case = [label: string, path: (string | number)[], value: unknown, expected: string];

describe('submission: each invalid field at its path', () => {
  const cases: Case[] = [
    ['votes missing when electedDirectly', ['secretary', 'votes'], DELETE, '/secretary/votes'],
    ['for > valid', ['secretary', 'votes'], { for: 119, valid: 118 }, '/secretary/votes/for'],
    ['valid 0', ['secretary', 'votes'], { for: 0, valid: 0 }, '/secretary/votes/valid'],
    ['attended > elected', ['congress', 'delegatesAttended'], 121, '/congress/delegatesAttended'],
    ['negative count', ['committeeSize'], -1, '/committeeSize'],
    ['fractional count', ['congress', 'delegatesElected'], 120.5, '/congress/delegatesElected'],
    ['count over 1,000,000', ['committeeSize'], 1_000_001, '/committeeSize'],
    ['huge count 1e308', ['secretary', 'votes', 'valid'], 1e308, '/secretary/votes/valid'],
    ['huge count 2^53', ['secretary', 'votes', 'for'], 2 ** 53, '/secretary/votes/for'],
    ['negative votes', ['secretary', 'votes', 'for'], -1, '/secretary/votes/for'],
    ['count as string', ['committeeSize'], '11', '/committeeSize'],
    ['count null', ['committeeSize'], null, '/committeeSize'],
    ['2020-02-30', ['congress', 'heldOn'], '2020-02-30', '/congress/heldOn'],
    ['2021-02-29', ['congress', 'heldOn'], '2021-02-29', '/congress/heldOn'],
    ['1900-02-29', ['congress', 'heldOn'], '1900-02-29', '/congress/heldOn'],
    ['2020-13-01', ['congress', 'heldOn'], '2020-13-01', '/congress/heldOn'],
    ['2020-00-10', ['congress', 'heldOn'], '2020-00-10', '/congress/heldOn'],
    ['2020-04-31', ['congress', 'heldOn'], '2020-04-31', '/congress/heldOn'],
    ['date with a time', ['congress', 'heldOn'], '2020-05-12T00:00:00Z', '/congress/heldOn'],
    ['date dd/mm/yyyy', ['congress', 'heldOn'], '12/05/2020', '/congress/heldOn'],
    ['date short', ['congress', 'heldOn'], '2020-5-12', '/congress/heldOn'],
    ['heldOn missing', ['congress', 'heldOn'], DELETE, '/congress/heldOn'],
    ['upper-case identifier', ['organizationId'], 'Ha-long', '/organizationId'],
    ['leading hyphen', ['organizationId'], '-ha-long', '/organizationId'],
    ['1-char identifier', ['organizationId'], 'a', '/organizationId'],
    ['64-char identifier', ['organizationId'], 'a'.repeat(64), '/organizationId'],
    ['identifier with Vietnamese letters', ['organizationId'], 'hạ-long', '/organizationId'],
    ['identifier with underscore', ['organizationId'], 'ha_long', '/organizationId'],
    ['identifier with trailing newline', ['organizationId'], 'ha-long\n', '/organizationId'],
    ['name > 200', ['secretary', 'fullName'], 'a'.repeat(201), '/secretary/fullName'],
    ['empty name', ['secretary', 'fullName'], '', '/secretary/fullName'],
    ['blank name', ['secretary', 'fullName'], '   ', '/secretary/fullName'],
    ['name with \\u0000', ['secretary', 'fullName'], 'Nguyễn\u0000Văn An', '/secretary/fullName'],
    ['name with \\u001b', ['secretary', 'fullName'], 'Nguyễn \u001b[31mVăn An', '/secretary/fullName'],
    ['name with \\u0085', ['secretary', 'fullName'], 'Nguyễn\u0085Văn An', '/secretary/fullName'],
    ['name with a line break inside', ['secretary', 'fullName'], 'Nguyễn\nVăn An', '/secretary/fullName'],
    ['name with \\u007f', ['secretary', 'fullName'], 'An\u007fB', '/secretary/fullName'],
    ['free text > 2,000', ['notes'], 'x'.repeat(2001), '/notes'],
    ['free text with \\u0000', ['notes'], 'a\u0000b', '/notes'],
    ['free text with \\u001b', ['notes'], 'a\u001bb', '/notes'],
    ['free text with \\u0085', ['notes'], 'a\u0085b', '/notes'],
    ['recommendation with \\u0000', ['recommendations', 0], 'Đề nghị\u0000', '/recommendations/0'],
    ['recommendation > 2,000', ['recommendations', 0], 'x'.repeat(2001), '/recommendations/0'],
    ['recommendations > 50', ['recommendations'], Array.from({ length: 51 }, () => 'Đề nghị'), '/recommendations'],
    ['recommendations not an array', ['recommendations'], 'Đề nghị', '/recommendations'],
    ['concurrentRole invalid', ['secretary', 'concurrentRole'], 'chairman', '/secretary/concurrentRole'],
    ['concurrentRole empty', ['secretary', 'concurrentRole'], '', '/secretary/concurrentRole'],
    ['electedDirectly as string', ['secretary', 'electedDirectly'], 'true', '/secretary/electedDirectly'],
    ['isLocal missing', ['secretary', 'isLocal'], DELETE, '/secretary/isLocal'],
    ['unknown field at the top', ['extra'], 1, '/extra'],
    ['unknown field inside secretary', ['secretary', 'age'], 40, '/secretary/age'],
    ['unknown field inside votes', ['secretary', 'votes', 'blank'], 0, '/secretary/votes/blank'],
  ];

  it.each(cases)('%s → %s', (_label, path, value, expected) => {
    const body = withAt(contractSubmission, path, value);
    expect(distinctPaths(submissionSchema, body)).toEqual([expected]);
  });

  it('rejects __proto__ and constructor keys from parsed JSON as unknown fields', () => {
    const text = JSON.stringify(contractSubmission).replace(
      /^\{/,
      '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},',
    );
    const body = JSON.parse(text) as unknown;
    expect(Object.prototype.hasOwnProperty.call(body, '__proto__')).toBe(true);
    expect(distinctPaths(submissionSchema, body)).toEqual(['/__proto__', '/constructor']);
    const nested = JSON.parse(
      JSON.stringify(contractSubmission).replace('"secretary":{', '"secretary":{"__proto__":{"electedDirectly":false},'),
    ) as unknown;
    expect(distinctPaths(submissionSchema, nested)).toEqual(['/secretary/__proto__']);
    // and nothing leaked into Object.prototype
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('reports every invalid field at once', () => {
    const body = clone(contractSubmission) as Record<string, any>;
    body.organizationId = 'Bad ID';
    body.congress.heldOn = '2020-02-30';
    body.secretary.votes.for = -3;
    expect(distinctPaths(submissionSchema, body)).toEqual(['/congress/heldOn', '/organizationId', '/secretary/votes/for']);
    expect(issuePaths(submissionSchema, body)).toHaveLength(3);
  });

  it('reports cross-field rules together with field errors', () => {
    const body = clone(contractSubmission) as Record<string, any>;
    body.congress.heldOn = '2021-02-29';
    body.congress.delegatesAttended = 121;
    body.secretary.votes = { for: 119, valid: 118 };
    body.notes = 'x'.repeat(2001);
    expect(distinctPaths(submissionSchema, body)).toEqual([
      '/congress/delegatesAttended',
      '/congress/heldOn',
      '/notes',
      '/secretary/votes/for',
    ]);
  });

  it('reports missing required fields of an empty body', () => {
    expect(distinctPaths(submissionSchema, {})).toEqual(['/congress', '/organizationId', '/secretary']);
    expect(distinctPaths(submissionSchema, { congress: {}, secretary: {} }).sort()).toEqual([
      '/congress/heldOn',
      '/organizationId',
      '/secretary/electedDirectly',
      '/secretary/fullName',
      '/secretary/isLocal',
    ]);
  });

  it('rejects a body that is not an object at the root', () => {
    for (const v of [null, [], 'x', 1, true]) expect(distinctPaths(submissionSchema, v)).toEqual(['']);
  });
});

describe('text rules: NFC, trimming, line breaks', () => {
  const decomposed = 'Nguye\u0302\u0303n Va\u0306n An'; // "Nguyễn Văn An" in NFD
  const composed = 'Nguyễn Văn An';

  it('normalises names and free text to NFC', () => {
    expect(decomposed).not.toBe(composed);
    expect(decomposed.normalize('NFC')).toBe(composed);
    const s = parsed(
      submissionSchema,
      withAt(withAt(contractSubmission, ['secretary', 'fullName'], decomposed), ['notes'], `Ghi chú: ${decomposed}`),
    );
    expect(s.secretary.fullName).toBe(composed);
    expect(s.notes).toBe(`Ghi chú: ${composed}`);
    const o = parsed(organizationSchema, { ...contractOrganization, name: 'Đảng bộ phươ\u0300ng Ba\u0323ch Đă\u0300ng' });
    expect(o.name).toBe('Đảng bộ phường Bạch Đằng');
  });

  it('measures length after NFC: 200 composed letters typed decomposed pass', () => {
    const name = 'e\u0302\u0303'.repeat(200); // 600 code units in NFD, 200 in NFC
    expect(parsed(submissionSchema, withAt(contractSubmission, ['secretary', 'fullName'], name)).secretary.fullName).toBe(
      'ễ'.repeat(200),
    );
  });

  it('trims names and free text, and measures after trimming', () => {
    const s = parsed(
      submissionSchema,
      withAt(
        withAt(withAt(contractSubmission, ['secretary', 'fullName'], `  ${composed}\t\n `), ['notes'], '\n  Ghi chú  \n'),
        ['recommendations'],
        ['  Đề nghị một  '],
      ),
    );
    expect(s.secretary.fullName).toBe(composed);
    expect(s.notes).toBe('Ghi chú');
    expect(s.recommendations).toEqual(['Đề nghị một']);
    expect(
      issuePaths(submissionSchema, withAt(contractSubmission, ['secretary', 'fullName'], `  ${'a'.repeat(200)}  `)),
    ).toEqual([]);
  });

  it('keeps line breaks in free text, CRLF made LF', () => {
    const s = parsed(submissionSchema, withAt(contractSubmission, ['notes'], 'Một.\r\nHai.\rBa.'));
    expect(s.notes).toBe('Một.\nHai.\nBa.');
  });

  it('applies to campaign, organization, document and key texts too', () => {
    expect(distinctPaths(campaignSchema, withAt(contractCampaign, ['issuer', 'name'], 'TỈNH ỦY\u0000'))).toEqual([
      '/issuer/name',
    ]);
    expect(distinctPaths(organizationSchema, { ...contractOrganization, name: 'x'.repeat(201) })).toEqual(['/name']);
    expect(distinctPaths(documentRequestSchema, withAt(contractDocumentRequest, ['recipients', 1], 'a\u001bb'))).toEqual([
      '/recipients/1',
    ]);
    expect(distinctPaths(keyRequestSchema, { ...contractKeyRequest, label: 'a\u0085' })).toEqual(['/label']);
    const d = parsed(documentRequestSchema, withAt(contractDocumentRequest, ['signer', 'fullName'], ' Nguye\u0302\u0303n Xuân Ký '));
    expect(d.signer.fullName).toBe('Nguyễn Xuân Ký');
  });
});

describe('campaign: invalid fields', () => {
  const cases: Case[] = [
    ['deadline impossible', ['deadlines', 'grassroots'], '2020-06-31', '/deadlines/grassroots'],
    ['deadline missing', ['deadlines', 'district'], DELETE, '/deadlines/district'],
    ['id upper case', ['id'], 'QN-2020', '/id'],
    ['name > 200', ['name'], 'Đ'.repeat(201), '/name'],
    ['target over 100', ['targets', 'communeNonLocalPercent'], 101, '/targets/communeNonLocalPercent'],
    ['target negative', ['targets', 'directElectionPercent'], -1, '/targets/directElectionPercent'],
    ['chair count fractional', ['targets', 'districtConcurrentChairCount'], 2.5, '/targets/districtConcurrentChairCount'],
    ['unknown target', ['targets', 'unknownPercent'], 50, '/targets/unknownPercent'],
    ['lastNumbers negative', ['lastNumbers', 'BC'], -1, '/lastNumbers/BC'],
    ['lastNumbers fractional', ['lastNumbers', 'CV'], 1.5, '/lastNumbers/CV'],
    ['lastNumbers unknown symbol', ['lastNumbers', 'QD'], 3, '/lastNumbers/QD'],
    ['issuer code lower case', ['issuer', 'code'], 'tu', '/issuer/code'],
    ['term', ['term'], '2020', '/term'],
    ['unknown field', ['color'], 'red', '/color'],
    ['issuer missing', ['issuer'], DELETE, '/issuer'],
  ];
  it.each(cases)('%s → %s', (_label, path, value, expected) => {
    expect(distinctPaths(campaignSchema, withAt(contractCampaign, path, value))).toEqual([expected]);
  });
});

describe('organization: invalid fields', () => {
  const cases: Case[] = [
    ['level', ['level'], 'province', '/level'],
    ['unit', ['unit'], 'ward', '/unit'],
    ['id leading hyphen', ['id'], '-x', '/id'],
    ['id 64 chars', ['id'], 'a'.repeat(64), '/id'],
    ['parentId upper case', ['parentId'], 'Ha-Long', '/parentId'],
    ['name missing', ['name'], DELETE, '/name'],
    ['unknown field', ['campaignId'], 'qn-2020', '/campaignId'],
  ];
  it.each(cases)('%s → %s', (_label, path, value, expected) => {
    expect(distinctPaths(organizationSchema, withAt(contractOrganization, path, value))).toEqual([expected]);
  });

  it('the organizations body: 1 to 1,000, each item at its index', () => {
    expect(distinctPaths(organizationsBodySchema, [])).toEqual(['']);
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...contractOrganization, id: `org-${i}` }));
    expect(distinctPaths(organizationsBodySchema, many)).toEqual(['']);
    expect(distinctPaths(organizationsBodySchema, many.slice(0, 1000))).toEqual([]);
    expect(
      distinctPaths(organizationsBodySchema, [contractOrganization, { ...contractOrganization, level: 'x' }]),
    ).toEqual(['/1/level']);
  });
});

describe('document request: rules', () => {
  it('proposal is required for type proposal', () => {
    expect(distinctPaths(documentRequestSchema, { ...contractDocumentRequest, type: 'proposal' })).toEqual(['/proposal']);
    const { proposal: _p, ...noProposal } = contractDocumentRequest;
    expect(distinctPaths(documentRequestSchema, { ...noProposal, type: 'proposal' })).toEqual(['/proposal']);
    expect(distinctPaths(documentRequestSchema, withAt(contractProposal, ['proposal', 'request'], DELETE))).toEqual([
      '/proposal/request',
    ]);
  });

  it('asOf must not be after issuedOn', () => {
    expect(distinctPaths(documentRequestSchema, { ...contractDocumentRequest, asOf: '2020-06-07' })).toEqual(['/asOf']);
  });

  it('stores a letter subject without its V/v prefix', () => {
    const letter = { ...contractDocumentRequest, type: 'letter' };
    const subjectOf = (subject: string) => parsed(documentRequestSchema, { ...letter, subject }).subject;
    expect(subjectOf('V/v triển khai đại hội')).toBe('triển khai đại hội');
    expect(subjectOf('v/v triển khai đại hội')).toBe('triển khai đại hội');
    expect(subjectOf('  V/v   triển khai đại hội ')).toBe('triển khai đại hội');
    expect(subjectOf('triển khai đại hội')).toBe('triển khai đại hội');
    expect(parsed(documentRequestSchema, { ...letter, subject: null }).subject).toBeNull();
  });

  const cases: Case[] = [
    ['type', ['type'], 'memo', '/type'],
    ['issuedOn impossible', ['issuedOn'], '2020-06-31', '/issuedOn'],
    ['asOf impossible', ['asOf'], '2021-02-29', '/asOf'],
    ['signer missing', ['signer'], DELETE, '/signer'],
    ['signer name empty', ['signer', 'fullName'], ' ', '/signer/fullName'],
    ['addressee with control char', ['addressees', 0], 'Ban\u0000', '/addressees/0'],
    ['unknown field', ['number'], 415, '/number'],
  ];
  it.each(cases)('%s → %s', (_label, path, value, expected) => {
    expect(distinctPaths(documentRequestSchema, withAt(contractDocumentRequest, path, value))).toEqual([expected]);
  });
});

describe('key request: rules', () => {
  it('a submitter key needs organizationId and campaignId', () => {
    expect(distinctPaths(keyRequestSchema, { role: 'submitter', campaignId: 'qn-2020' })).toEqual(['/organizationId']);
    expect(distinctPaths(keyRequestSchema, { role: 'submitter', organizationId: 'ha-long' })).toEqual(['/campaignId']);
    expect(distinctPaths(keyRequestSchema, { role: 'submitter' })).toEqual(['/campaignId', '/organizationId']);
  });

  it('organizationId is only for a submitter', () => {
    expect(distinctPaths(keyRequestSchema, { role: 'secretariat', organizationId: 'ha-long' })).toEqual(['/organizationId']);
  });

  const cases: Case[] = [
    ['role', ['role'], 'admin', '/role'],
    ['campaignId upper case', ['campaignId'], 'QN', '/campaignId'],
    ['organizationId 1 char', ['organizationId'], 'h', '/organizationId'],
    ['label > 200', ['label'], 'x'.repeat(201), '/label'],
    ['unknown field', ['secret'], 'abc', '/secret'],
  ];
  it.each(cases)('%s → %s', (_label, path, value, expected) => {
    expect(distinctPaths(keyRequestSchema, withAt(contractKeyRequest, path, value))).toEqual([expected]);
  });
});

describe('cross-field rules report only what is wrong, and always', () => {
  it('an impossible issuedOn is reported alone, not also as "asOf after issuedOn"', () => {
    // '2020-02-30' < '2020-05-31' as strings, so the asOf rule fires on a date that does not exist.
    expect(distinctPaths(documentRequestSchema, { ...contractDocumentRequest, issuedOn: '2020-02-30' })).toEqual([
      '/issuedOn',
    ]);
  });

  it('a negative votes.valid is reported alone, not also as "for exceeds valid"', () => {
    expect(distinctPaths(submissionSchema, withAt(contractSubmission, ['secretary', 'votes'], { for: 0, valid: -1 }))).toEqual(
      ['/secretary/votes/valid'],
    );
  });

  it('a negative delegatesElected is reported alone, not also as "attended exceeds elected"', () => {
    expect(distinctPaths(submissionSchema, withAt(contractSubmission, ['congress', 'delegatesElected'], -5))).toEqual([
      '/congress/delegatesElected',
    ]);
  });

  it('for > valid is still reported when another field has the wrong type (every invalid field listed)', () => {
    const body = withAt(withAt(contractSubmission, ['secretary', 'votes'], { for: 119, valid: 118 }), ['committeeSize'], 'x');
    expect(distinctPaths(submissionSchema, body)).toEqual(['/committeeSize', '/secretary/votes/for']);
  });

  it('a letter subject of just "V/v" is not stored as "V/v" (it would print "V/v V/v")', () => {
    const d = parsed(documentRequestSchema, { ...contractDocumentRequest, type: 'letter', subject: 'V/v ' });
    expect(d.subject).not.toBe('V/v');
  });
});
