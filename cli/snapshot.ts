import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import { freshBuild } from './dist-manifest.mjs';
import { main } from './main.ts';

/**
 * Entry of the bundle `cli/build.mjs` makes (cli/dist/cli.cjs), used two ways by cli/bin.mjs:
 *
 * - required in-process (no snapshot available): it only exports `main`;
 * - as the script of `node --build-snapshot`: it loads the renderer, renders three small
 *   synthetic documents (parsing the four faces, decoding their GSUB/GPOS lookups, shaping the
 *   template's own words), and then Node saves the heap. `node --snapshot-blob cli.blob …` starts
 *   from that heap: a fresh process skips module loading, font parsing and table decoding (about
 *   0.6 s of CPU of a cold `congress-docs render`), and runs `main` on its own arguments.
 *
 * The warm-up input is made up here (no name, place or number of examples/ or of any real
 * campaign), so a real document still shapes its own names and figures when it is rendered.
 * What the process keeps from the warm-up is what serves any document (parsed faces, shaped
 * common words, glyph records): a document's bytes are the same with or without the snapshot.
 */
export { main };

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    // In a process started from a snapshot, argv is [node, ...arguments of the user].
    const args = process.argv.slice(1);
    const stale = outdatedSnapshot();
    void (stale ? stale(args) : main(args)).then((code) => {
      // Exit as soon as the output is out rather than when the event loop empties, which costs
      // V8's teardown (~20 ms after a render). main resolves once the command finished its work
      // (every command awaits what it started); a write's callback runs after the writes queued
      // before it, so stdout and stderr are flushed first.
      process.exitCode = code;
      process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
    });
  });
  // The snapshot is written once the event loop is empty, i.e. after the warm-up resolved.
  void warmUp().catch((error: unknown) => {
    // A failed warm-up must fail the build (bin.mjs then uses the plain bundle), never ship half-warm.
    console.error(error);
    process.exit(1);
  });
}

/**
 * Started by the shell part of cli/bin.mjs (CONGRESS_DOCS_BIN names it), this snapshot has not
 * been checked yet: when a source changed since it was built, the command is handed to the
 * JavaScript part of bin.mjs, which rebuilds cli/dist and runs it. Undefined when current.
 */
function outdatedSnapshot(): ((args: string[]) => Promise<number>) | undefined {
  const bin = process.env.CONGRESS_DOCS_BIN;
  if (process.env.CONGRESS_DOCS_DEBUG) {
    process.stderr.write(`congress-docs: started from the snapshot by ${bin ? 'the shell launcher' : 'node cli/bin.mjs'}\n`);
  }
  if (!bin) return undefined;
  delete process.env.CONGRESS_DOCS_BIN;
  // The checkout's folder as bin.mjs's JavaScript names it when it builds (the manifest's `root`).
  const root = fileURLToPath(new URL('..', pathToFileURL(realpathSync(bin))));
  if (freshBuild(root)) return undefined;
  return async (args) => spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' }).status ?? 1;
}

async function warmUp(): Promise<void> {
  const { renderInputFromFile } = await import('./render-command.ts');
  const { renderPdf } = await import('../templates/render.ts');
  const { prepareFaces } = await import('../renderer/render-document.ts');
  for (const document of WARM_UP_DOCUMENTS) {
    await renderPdf(renderInputFromFile({ ...WARM_UP_FILE, document }, undefined, 'warm-up'));
  }
  // Every character of Vietnamese text read ahead in every face (one the warm-up documents did
  // not use is decoded too): glyphs, metrics, subset records.
  prepareFaces(VIETNAMESE_CHARACTERS);
}

const LOWER_CASE = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵjz';
/** The characters of Vietnamese documents: letters of both cases, digits, punctuation, space. */
const VIETNAMESE_CHARACTERS = `${LOWER_CASE}${LOWER_CASE.toLocaleUpperCase('vi')}0123456789 .,;:!?()[]/-–—“”‘’'"%&*+=…°#@<>_`;

// ---- the made-up warm-up campaign -------------------------------------------------------------

const org = (id: string, name: string, level: string, unit: string, parentId?: string) => ({
  id,
  name,
  level,
  unit,
  ...(parentId ? { parentId } : {}),
});

const held = (organizationId: string, heldOn: string, elected: number, fullName: string, extra: object = {}) => ({
  organizationId,
  congress: { heldOn, delegatesElected: elected, delegatesAttended: elected - 1 },
  secretary: { fullName, electedDirectly: true, votes: { for: elected - 2, valid: elected - 1 }, isLocal: false, concurrentRole: null },
  ...extra,
});

const WARM_UP_FILE = {
  campaign: {
    id: 'warm-up',
    name: 'Đại hội mẫu nhiệm kỳ 2000-2005',
    issuer: { name: 'BAN MẪU', code: 'BM', parentName: null, place: 'Thử nghiệm', archiveCode: 'VPBM' },
    term: '2000-2005',
    directive: { number: '1-CT/M', title: 'Chỉ thị số 1-CT/M ngày 1/1/2000 về đại hội mẫu' },
    plan: { number: '2-KH/M' },
    deadlines: { branch: '2000-01-31', grassroots: '2000-03-31', district: '2000-05-31' },
    targets: {
      directElectionPercent: 90,
      districtNonLocalPercent: 50,
      communeNonLocalPercent: 50,
      communeConcurrentChairPercent: 50,
      districtConcurrentChairCount: 1,
      villageBranchHeadPercent: 90,
    },
    lastNumbers: { BC: 1, TTr: 1, CV: 1 },
  },
  organizations: [
    org('d1', 'Đảng bộ huyện Mẫu Một', 'district', 'district'),
    org('d2', 'Đảng bộ huyện Mẫu Hai', 'district', 'district'),
    org('g1', 'Đảng bộ xã Thử Một', 'grassroots', 'commune', 'd1'),
    org('g2', 'Đảng bộ xã Thử Hai', 'grassroots', 'commune', 'd2'),
    org('g3', 'Đảng bộ cơ quan Thử Ba', 'grassroots', 'agency', 'd2'),
    org('b1', 'Chi bộ thôn Một', 'branch', 'village', 'g1'),
    org('b2', 'Chi bộ thôn Hai', 'branch', 'village', 'g1'),
    org('b3', 'Chi bộ thôn Ba', 'branch', 'village', 'g2'),
  ],
  submissions: [
    held('d1', '2000-05-02', 150, 'Lê Văn Thử', { committeeSize: 30, recommendations: ['Đề nghị cấp trên hướng dẫn thêm về quy trình đại hội mẫu.'] }),
    held('g1', '2000-03-03', 90, 'Phạm Thị Mẫu'),
    held('g3', '2000-03-04', 60, 'Đỗ Quốc Thử', { recommendations: ['Đề nghị bổ sung tài liệu tập huấn.'] }),
    held('b1', '2000-01-05', 15, 'Vũ Thị Một'),
    held('b3', '2000-01-06', 12, 'Hoàng Văn Ba'),
  ],
};

const SIGNER = { capacity: 'T/M BAN MẪU', title: 'TRƯỞNG BAN', fullName: 'Trịnh Văn Ký' };

const WARM_UP_DOCUMENTS = [
  {
    type: 'report',
    issuedOn: '2000-06-01',
    asOf: '2000-05-31',
    subject: null,
    addressees: ['Ban Thử nghiệm'],
    recipients: ['Ban Thử nghiệm', 'Lưu'],
    signer: SIGNER,
    proposal: null,
    number: 2,
    id: 'warm-up-report',
  },
  {
    type: 'proposal',
    issuedOn: '2000-06-02',
    asOf: '2000-05-31',
    addressees: ['Ban Thử nghiệm'],
    recipients: ['Ban Thử nghiệm'],
    signer: SIGNER,
    proposal: { subject: 'về việc thử nghiệm', request: 'Ban Mẫu đề nghị Ban Thử nghiệm xem xét, đồng ý việc thử nghiệm.' },
    number: 2,
    id: 'warm-up-proposal',
  },
  {
    type: 'letter',
    issuedOn: '2000-06-03',
    asOf: '2000-05-31',
    subject: 'V/v thử nghiệm',
    addressees: ['Ban Thử nghiệm'],
    recipients: ['Ban Thử nghiệm'],
    signer: SIGNER,
    proposal: null,
    number: 2,
    id: 'warm-up-letter',
  },
];
