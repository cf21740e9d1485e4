/**
 * A second host for tests that need a client that is not on loopback: a network namespace with a veth pair, made by
 * the test itself (root and iproute2 required) and removed after. The mock listens on 0.0.0.0 in the main namespace;
 * a Node client inside the namespace reaches it through the veth address, so the server sees a non-loopback peer.
 * No traffic leaves the machine.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';

export interface TestHost {
  /** The main namespace's address on the veth link: what the client connects to. */
  serverAddress: string;
  /** Runs raw HTTP requests from inside the namespace; one child process for the whole batch. */
  requests(batch: RawRequest[]): Promise<RawReply[]>;
  remove(): void;
}

export interface RawRequest {
  port: number;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}
export interface RawReply {
  status: number;
  text: string;
}

// Runs inside the namespace: sends each request with node:http exactly as given (Host included), prints the replies.
const CLIENT = `
const http = require('node:http');
const [server, batch] = JSON.parse(process.argv[1]);
(async () => {
  const out = [];
  for (const r of batch) {
    out.push(await new Promise((resolve, reject) => {
      const req = http.request({ host: server, port: r.port, path: r.path, method: r.method, headers: r.headers, agent: false,
        setHost: !Object.keys(r.headers).some((h) => h.toLowerCase() === 'host') }, (res) => {
        let text = ''; res.setEncoding('utf8'); res.on('data', (d) => (text += d)); res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(r.body);
    }));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });
`;

/** Makes the namespace, or says why it cannot (then the caller skips, stating the reason). */
export function createTestHost(): TestHost | string {
  if (process.getuid?.() !== 0) return 'needs root to make a network namespace';
  const id = (process.pid % 100_000).toString(36);
  const ns = `czm-${id}`;
  const outer = `czh${id}`;
  const inner = `czn${id}`;
  const octet = 1 + (process.pid % 250);
  const serverAddress = `10.213.${octet}.1`;
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
  const remove = () => {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    spawnSync('ip', ['link', 'del', outer], { stdio: 'ignore' });
  };
  try {
    remove();
    ip('netns', 'add', ns);
    ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
    ip('link', 'set', inner, 'netns', ns);
    ip('addr', 'add', `${serverAddress}/30`, 'dev', outer);
    ip('link', 'set', outer, 'up');
    ip('-n', ns, 'addr', 'add', `10.213.${octet}.2/30`, 'dev', inner);
    ip('-n', ns, 'link', 'set', inner, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
  } catch (error) {
    remove();
    return `cannot make a network namespace here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
  return {
    serverAddress,
    // Asynchronous: the mock under test usually runs in this very process and must keep answering.
    requests: (batch) =>
      new Promise((resolve, reject) => {
        const args = ['netns', 'exec', ns, process.execPath, '-e', CLIENT, JSON.stringify([serverAddress, batch])];
        execFile('ip', args, { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
          if (error) reject(new Error(`client in ${ns} failed: ${stderr || error.message}`));
          else resolve(JSON.parse(stdout) as RawReply[]);
        });
      }),
    remove,
  };
}
