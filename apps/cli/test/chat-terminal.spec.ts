import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFleet, type Fleet } from '@biopipe/vllm-sim';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIOPIPE_MAIN, runBiopipe } from './run-biopipe.js';
import { TmuxSession } from './tmux-session.js';

let fleet: Fleet;
let home: string;
let configDir: string;

/** A profile on the simulated fleet's free ports; `phi` makes it PHI-safe. */
function writeProfile(name: string, phi: boolean): void {
  const role = (key: string): string => fleet.roles[key]?.url ?? '';
  const lines = [
    `profile_name: ${name}`,
    `description: ${phi ? 'PHI-safe' : 'hybrid'} test profile`,
    `allow_cloud: ${!phi}`,
    'vllm_endpoints:',
    `  generalist: ${role('generalist')}`,
    `  coder: ${role('coder')}`,
    'task_routing:',
    `  code_generation: ${phi ? 'generalist' : 'coder'}`,
    '  "*": generalist',
  ];
  writeFileSync(path.join(configDir, 'strategies', `${name}.yaml`), `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  // Slow enough tokens that an answer is still streaming when the test presses Ctrl-C.
  fleet = await startFleet({
    ports: 'free',
    cloud: false,
    roles: ['generalist', 'coder'],
    latency: { interTokenLatencyMs: 60 },
  });
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-chat-'));
  configDir = path.join(home, 'config');
  mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
  writeProfile('lab_hybrid', false);
  writeProfile('lab_local', true);
});

afterAll(async () => {
  await fleet.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('biopipe chat in a real terminal', () => {
  it('streams an answer with its route, switches strategy mid-session, and cancels on Ctrl-C then exits on the second', async () => {
    const command = `cd ${home} && env HOME=${home} ${process.execPath} ${BIOPIPE_MAIN} --config-dir ${configDir} -s lab_hybrid chat --task code_generation; echo EXIT=$?`;
    const session = TmuxSession.start(command, { width: 160, height: 50 });
    try {
      await session.waitFor(/strategy lab_hybrid \(cloud allowed\) · task code_generation/);
      session.sendKeys('-l', 'write a fastqc rule');
      session.sendKeys('Enter');
      // The route line appears once the answer is complete: served by the coder role.
      await session.waitFor(/via coder · qwen2\.5-coder-7b-instruct · fallback depth 0/, 30_000);

      session.sendKeys('-l', '/strategy lab_local');
      session.sendKeys('Enter');
      await session.waitFor(/strategy is now lab_local \(PHI-safe: nothing leaves the cluster\)/);
      session.sendKeys('-l', 'write it again');
      session.sendKeys('Enter');
      await session.waitFor(/via generalist · qwen2\.5-7b-instruct · fallback depth 0/, 30_000);

      // Ctrl-C while streaming cancels the answer (and the upstream request); the chat stays.
      session.sendKeys('-l', 'one more');
      session.sendKeys('Enter');
      await session.waitFor(/Ctrl-C cancels/);
      session.sendKeys('C-c');
      await session.waitFor(/\[cancelled\]/);
      const inFlight = (): number => fleet.roles['generalist']?.handle.stats().inFlight ?? -1;
      for (let waited = 0; inFlight() !== 0 && waited < 5_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(inFlight()).toBe(0);
      session.sendKeys('C-c');
      await session.waitFor(/EXIT=130/);
    } finally {
      session.kill();
    }
  }, 90_000);

  it('answers a line that arrives with its Enter in one write, as a paste or tmux send-keys does', async () => {
    const command = `cd ${home} && env HOME=${home} ${process.execPath} ${BIOPIPE_MAIN} --config-dir ${configDir} -s lab_local chat; echo EXIT=$?`;
    const session = TmuxSession.start(command, { width: 160, height: 50 });
    try {
      await session.waitFor(/strategy lab_local \(PHI-safe\) · task intent_parsing/);
      // One send-keys call: the text and its Enter reach the terminal in a single write.
      session.sendKeys('what is a BAM file', 'Enter');
      const answered = await session.waitFor(/via generalist · qwen2\.5-7b-instruct · fallback depth 0/, 30_000);
      expect(answered).toMatch(/you› what is a BAM file/);
      // The prompt is back, empty, and still takes input: /quit arrives the same way.
      expect(answered).toMatch(/^›\s+$/m);
      session.sendKeys('/quit', 'Enter');
      await session.waitFor(/EXIT=0/);
    } finally {
      session.kill();
    }
  }, 60_000);

  it('falls back to plain lines when stdout is not a terminal', async () => {
    const result = await runBiopipe(['--config-dir', configDir, '-s', 'lab_local', 'chat'], {
      env: { HOME: home },
      cwd: home,
      input: '/task code_generation\nhello there\n/quit\n',
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/task type is now code_generation/);
    expect(result.stderr).toMatch(/via generalist · qwen2\.5-7b-instruct · fallback depth 0/);
    expect(result.stdout.trim().length).toBeGreaterThan(0);
  }, 60_000);
});
