import type { CommandContext } from '../context.js';
import type { ChatBackend } from '../chat/chat-backend.js';
import { ChatSession } from '../chat/chat-session.js';
import { openRoutedSession, type RoutedSession } from './routed-session.js';

/** The chat's seam onto the orchestrator, the profile registry and the detector. */
function createChatBackend(context: CommandContext, session: RoutedSession): ChatBackend {
  const { orchestrator } = session;
  return {
    strategy: () => ({ name: orchestrator.currentStrategy.name, allowCloud: orchestrator.currentStrategy.allowCloud }),
    stream: ({ taskType, messages, signal }) => orchestrator.stream({ task_type: taskType, messages, signal }),
    switchStrategy: async (name) => {
      await orchestrator.switchStrategy(name);
    },
    strategies: () =>
      context
        .registry()
        .list()
        .flatMap((profile) =>
          profile.config === undefined
            ? []
            : [{ name: profile.name, description: profile.config.description, allowCloud: profile.config.allowCloud }],
        ),
    status: async () => {
      const { ResourceDetector } = await import('@biopipe/detector');
      const status = await ResourceDetector.fromStrategy(orchestrator.currentStrategy, {
        env: context.env,
        fleet: session.fleet,
        slurm: false,
      }).refresh();
      const endpoints = status.vllm_endpoints.map(
        (endpoint) =>
          `${endpoint.role.padEnd(11)} ${endpoint.url}  ${endpoint.state}  ${Math.round(endpoint.latency_ms)} ms  ${endpoint.reason}`,
      );
      const keys = status.cloud_apis
        .filter((api) => api.used)
        .map((api) => `cloud ${api.name}: key ${api.key} (${api.api_key_env})`);
      return [...endpoints, ...keys];
    },
  };
}

/**
 * `biopipe chat [--task TYPE]`: the interactive terminal UI on a terminal, a plain line-by-line mode
 * otherwise. Exit 0 on /quit or end of input, 130 when left with Ctrl-C; when every request failed,
 * the code of the last failure (3 when nothing could serve).
 */
export async function runChat(context: CommandContext, options: { task: string }): Promise<number> {
  const routed = await openRoutedSession(context, { writeMetrics: true });
  const session = new ChatSession(createChatBackend(context, routed), { taskType: options.task });
  try {
    if (process.stdout.isTTY !== true || process.stdin.isTTY !== true) {
      const { runPlainChat } = await import('../chat/plain-chat.js');
      const code = await runPlainChat(session, context.output);
      return code === 0 ? session.exitCode() : code;
    }
    const [{ render }, react, { ChatApp }] = await Promise.all([
      import('ink'),
      import('react'),
      import('../chat/chat-app.js'),
    ]);
    // React is CommonJS: only its default export survives a dynamic import in the bundled CLI.
    const { createElement } = react.default;
    let exitCode = 0;
    const app = render(createElement(ChatApp, { session, onExit: (code: number) => (exitCode = code) }), {
      exitOnCtrlC: false,
    });
    await app.waitUntilExit();
    session.cancel();
    return exitCode === 0 ? session.exitCode() : exitCode;
  } finally {
    await routed.close();
  }
}
