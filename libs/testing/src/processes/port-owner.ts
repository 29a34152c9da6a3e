import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Inodes of the sockets listening on `port` (any address), from the kernel's socket tables. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st … inode (index 9); st 0A = LISTEN
      if (fields.length < 10 || fields[3] !== '0A') continue;
      if (Number.parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/**
 * Whether the process `pid` holds the socket listening on `port`; undefined where /proc cannot tell
 * (not Linux). Used to make sure a readiness answer came from the child we started, not from another
 * process that got the port first.
 */
export function listensOnPort(pid: number, port: number): boolean | undefined {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return false;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      return match !== null && inodes.has(match[1]);
    } catch {
      return false;
    }
  });
}
