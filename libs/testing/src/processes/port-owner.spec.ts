import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { freePort } from './free-port';
import { listensOnPort } from './port-owner';

const onLinux = process.platform === 'linux' ? it : it.skip;

describe('listensOnPort', () => {
  onLinux('tells whether a given process holds the listening socket on a port', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      expect(listensOnPort(process.pid, port)).toBe(true);
      expect(listensOnPort(other.pid as number, port)).toBe(false);
      expect(listensOnPort(process.pid, await freePort())).toBe(false);
    } finally {
      other.kill();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
