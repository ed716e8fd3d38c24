import { describe, expect, it } from '@jest/globals';
import { runProcess } from './run-process.js';

describe('runProcess', () => {
  it('feeds stdin, collects both streams and reports the exit code', async () => {
    const script =
      'let s="";process.stdin.on("data",(c)=>s+=c).on("end",()=>{console.log(s.toUpperCase());console.error("e");process.exit(3)})';
    const result = await runProcess(process.execPath, ['-e', script], { input: 'abc' });
    expect(result).toEqual({ code: 3, signal: null, stdout: 'ABC\n', stderr: 'e\n' });
  });

  it('passes the environment it is given, and only that', async () => {
    const result = await runProcess(
      process.execPath,
      ['-e', 'console.log(Object.keys(process.env).sort().join(","))'],
      {
        env: { ONLY_THIS: '1' },
      },
    );
    expect(result.stdout.trim()).toBe('ONLY_THIS');
  });

  it('reports a signal that ended the process', async () => {
    const result = await runProcess(process.execPath, ['-e', 'process.kill(process.pid, "SIGTERM")']);
    expect(result).toMatchObject({ code: null, signal: 'SIGTERM' });
  });

  it('rejects when the command cannot start', async () => {
    await expect(runProcess('/nonexistent/command', [])).rejects.toThrow(/ENOENT/);
  });
});
