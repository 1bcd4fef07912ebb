import * as http from 'http';
import { EmulatorProcess, startEmulatorProcess } from '../../src/emulator/child-process';

/**
 * A test process that runs the add-on synchronously (the fakes' UrlFetchApp blocks its event loop while it waits)
 * holds its keep-alive connections without reading them. The emulator, like real servers, must keep an idle
 * connection longer than any client does, or the client's next request goes out on a socket the server already
 * closed ("socket hang up", "other side closed"). The block is longer than Node's default 5 s server keep-alive.
 */
const BLOCK_MS = 6_000;
const TOKEN = 'write-token';
let emulator: EmulatorProcess;

beforeAll(async () => {
  emulator = await startEmulatorProcess({
    tokens: [{ token: TOKEN, workspace: 'acme', access: 'write' }],
    plans: [{ workspace: 'acme', id: 'tp_web', resourceSchemaId: 'rs_web', name: 'Web', rules: [] }],
  });
});
afterAll(() => emulator.stop());

const path = '/tracking-plans/tp_web';

function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function getWithAgent(agent: http.Agent): Promise<{ status: number; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${emulator.baseUrl}${path}`, { agent, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket }));
    });
    req.on('error', reject);
  });
}

const getWithFetch = async () => (await fetch(`${emulator.baseUrl}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status;

it('answers a keep-alive http.Agent on the very connection left idle while the client was blocked, and fetch as well', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await getWithAgent(agent);
    expect(first.status).toBe(200);
    expect(await getWithFetch()).toBe(200);

    blockEventLoop(BLOCK_MS);

    const second = await getWithAgent(agent);
    expect(second.status).toBe(200);
    // The same connection carried both: the server kept it open.
    expect(second.socket).toBe(first.socket);
    expect(await getWithFetch()).toBe(200);
  } finally {
    agent.destroy();
  }
});
