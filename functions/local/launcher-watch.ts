import { readFileSync } from 'node:fs';

/**
 * Notices that the process which launched this one is gone, so that `npm start` never leaves the
 * API, DynamoDB Local and s3rver running behind a dead npm.
 *
 * Why it is needed: npm passes SIGTERM/SIGINT to the shell that runs the script (`sh -c "tsx …"`),
 * and dash dies of it without passing it on; a SIGKILL of npm passes nothing at all. Either way
 * the processes below are re-parented and nothing tells them. So this process remembers, at
 * start, who the parent of each process between it and npm was, and checks twice a second that
 * each still has that parent: a dead link means npm (or the shell, or tsx) is gone.
 *
 * Which processes: walking up from our parent while a process runs the same npm script
 * (`npm_lifecycle_script` equal to ours in its environment); the first one that doesn't is npm
 * itself, whose death counts too. Started without npm, only our direct parent counts (so a
 * `nohup` or a service manager above it is never mistaken for a launcher). Where there is no
 * /proc (macOS), only our direct parent is watched.
 */
type Link = { pid: number; parent: number };

export function watchLauncher(onGone: (why: string) => void, intervalMs = 500): { stop(): void } {
  const links = launcherChain();
  const timer = setInterval(() => {
    const broken = links.find((link) => parentOf(link.pid) !== link.parent);
    if (!broken) return;
    clearInterval(timer);
    onGone(`the process that started it (pid ${broken.parent}) is gone`);
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Each process from this one up to npm with the parent it has now, nearest first. */
export function launcherChain(): Link[] {
  const links: Link[] = [{ pid: process.pid, parent: process.ppid }];
  const script = process.env.npm_lifecycle_script;
  if (!script) return links;
  for (let pid = process.ppid; pid > 1 && environmentOf(pid)?.get('npm_lifecycle_script') === script; ) {
    const parent = parentOf(pid);
    if (parent === undefined) break;
    links.push({ pid, parent });
    pid = parent;
  }
  return links;
}

function parentOf(pid: number): number | undefined {
  if (pid === process.pid) return process.ppid;
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // gone (or no /proc)
  }
}

function environmentOf(pid: number): Map<string, string> | undefined {
  try {
    const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return new Map(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  } catch {
    return undefined;
  }
}
