/** An organization's submitted versions, newest first, each field with its Vietnamese name. */
import { viDate, viDateTime, viNumber } from '../format.ts';
import { CONCURRENT_ROLE_NAMES, fieldLabel } from '../messages.ts';
import type { Submission } from '../types.ts';

const yesNo = (b: boolean | undefined) => (b === undefined ? '—' : b ? 'Có' : 'Không');

function rows(s: Submission): [string, string][] {
  return [
    ['/congress/heldOn', viDate(s.congress.heldOn)],
    ['/congress/delegatesElected', viNumber(s.congress.delegatesElected)],
    ['/congress/delegatesAttended', viNumber(s.congress.delegatesAttended)],
    ['/secretary/fullName', s.secretary.fullName],
    ['/secretary/electedDirectly', yesNo(s.secretary.electedDirectly)],
    ['/secretary/votes/for', viNumber(s.secretary.votes?.for)],
    ['/secretary/votes/valid', viNumber(s.secretary.votes?.valid)],
    ['/secretary/isLocal', yesNo(s.secretary.isLocal)],
    ['/secretary/concurrentRole', s.secretary.concurrentRole ? CONCURRENT_ROLE_NAMES[s.secretary.concurrentRole]! : 'Không'],
    ['/committeeSize', viNumber(s.committeeSize)],
    ['/recommendations', s.recommendations?.length ? s.recommendations.join('\n') : '—'],
    ['/notes', s.notes || '—'],
  ];
}

export function SubmissionVersions({ versions }: { versions: Submission[] }) {
  if (versions.length === 0) return <p>Chưa có báo cáo nào.</p>;
  return (
    <ol class="versions" reversed>
      {versions.map((s, i) => (
        <li key={s.id} class="card" aria-labelledby={`ver-${s.version}`}>
          <h3 id={`ver-${s.version}`}>
            Lần {s.version}
            {i === 0 ? ' (đang có hiệu lực)' : ''} — gửi lúc {viDateTime(s.receivedAt)}
          </h3>
          <dl>
            {rows(s).map(([path, value]) => (
              <div key={path}>
                <dt>{fieldLabel(path)}</dt>
                <dd class="pre">{value}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ol>
  );
}
