import type { Command } from 'commander';
import { LEVELS } from '#core/schemas.ts';
import type { Stats } from '../api-client.ts';
import { clientFor, globals, printJson, type Io } from '../context.ts';
import { NONE, formatTable, type Cell } from '../table.ts';

/** `stats --campaign ID [--as-of DATE]`: the statistics the documents print (CONTRACT §4). */
export async function statsCommand(opts: { campaign: string; asOf?: string }, cmd: Command, io: Io): Promise<number> {
  const stats = await clientFor(cmd, io).getStats(opts.campaign, opts.asOf);
  if (globals(cmd).json) printJson(io, stats);
  else io.stdout(describeStats(stats));
  return 0;
}

type LevelStats = Stats['levels'][(typeof LEVELS)[number]];

/** One row per figure, one column per level: the levels side by side read like the report. */
const FIGURES: ReadonlyArray<[label: string, cell: (l: LevelStats) => Cell]> = [
  ['organizations', (l) => l.total],
  ['held', (l) => withPercent(l.held, l.heldPercent)],
  ['last held on', (l) => l.lastHeldOn],
  ['completed on', (l) => l.completedOn],
  ['days before deadline', (l) => l.daysBeforeDeadline],
  ['secretary elected directly', (l) => withPercent(l.directElection, l.directElectionPercent)],
  ['elected with every valid vote', (l) => l.unanimous],
  ['secretary not local', (l) => withPercent(l.nonLocal, l.nonLocalPercent)],
  ["also chairs the People's Committee", (l) => l.concurrentChair],
  ['also heads the village', (l) => l.villageHead],
];

export function describeStats(stats: Stats): string {
  const levels = formatTable(
    ['', ...LEVELS],
    FIGURES.map(([label, cell]) => [label, ...LEVELS.map((level) => cell(stats.levels[level]))]),
  );
  const targets = formatTable(
    ['target', 'wanted', 'actual', 'met'],
    stats.targets.map((t) => [t.metric, figure(t.metric, t.target), figure(t.metric, t.actual), t.met]),
  );
  return `as of ${stats.asOf}\n\n${levels}\n${targets}`;
}

function withPercent(count: number, percent: number | null): string {
  return percent === null ? String(count) : `${count} (${percent}%)`;
}

/** A target's value: a percent, or a count (districtConcurrentChairCount). */
function figure(metric: string, value: number | null): string {
  if (value === null) return NONE;
  return metric.endsWith('Percent') ? `${value}%` : String(value);
}
