import type { CommandContext } from '../context.js';

/** `biopipe demo`: the guided tour on a simulated fleet; see demo/run-demo.ts. */
export async function demo(context: CommandContext): Promise<number> {
  const { runDemo } = await import('../demo/run-demo.js');
  return runDemo(context.output);
}
