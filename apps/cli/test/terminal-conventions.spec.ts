import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIOPIPE_MAIN } from './run-biopipe.js';
import { TmuxSession } from './tmux-session.js';

let home: string;
let hanging: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-terminal-'));
  // Accepts connections and never answers: detection has to wait for its timeout.
  hanging = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const port = (hanging.address() as { port: number }).port;
  mkdirSync(path.join(home, 'config', 'strategies'), { recursive: true });
  writeFileSync(
    path.join(home, 'config', 'strategies', 'slow.yaml'),
    `profile_name: slow\nvllm_endpoints:\n  generalist: http://127.0.0.1:${port}\ntask_routing:\n  "*": generalist\nhealth:\n  check_timeout_ms: 2500\n`,
  );
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hanging.close(resolve));
  rmSync(home, { recursive: true, force: true });
});

const biopipe = `${process.execPath} ${BIOPIPE_MAIN}`;

describe('terminal conventions', () => {
  it('colours tables on a terminal, and not with NO_COLOR', async () => {
    const session = TmuxSession.start(
      `env HOME=${home} ${biopipe} strategy list; echo DONE; env HOME=${home} NO_COLOR=1 ${biopipe} strategy list; echo DONE2`,
    );
    try {
      await session.waitFor(/DONE2/);
      const [coloured = '', plain = ''] = session.screen({ escapes: true }).split('DONE');
      expect(coloured).toContain('\u001b[1mt4_hybrid');
      expect(plain).toMatch(/t4_hybrid/);
      expect(plain).not.toContain('\u001b[1m');
    } finally {
      session.kill();
    }
  });

  it('shows a spinner on stderr while detection waits, and keeps it out of stdout', async () => {
    const out = path.join(home, 'status.json');
    const code = path.join(home, 'status.code');
    const session = TmuxSession.start(
      `env HOME=${home} ${biopipe} --config-dir ${home}/config -s slow --json status > ${out}; echo $? > ${code}`,
    );
    try {
      await session.waitFor(/checking the (fleet|active strategy)/, 10_000);
      for (let waited = 0; !existsSync(code) && waited < 30_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(readFileSync(code, 'utf8').trim()).toBe('3');
      const report = JSON.parse(readFileSync(out, 'utf8')) as { vllm_endpoints: { state: string }[] };
      expect(report.vllm_endpoints.map((endpoint) => endpoint.state)).toEqual(['timeout']);
      // The spinner went to the terminal only: nothing of it in the JSON on stdout.
      expect(readFileSync(out, 'utf8')).not.toMatch(/checking the/);
    } finally {
      session.kill();
    }
  }, 50_000);
});
