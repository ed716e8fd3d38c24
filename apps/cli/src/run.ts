import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TASK_TYPES } from '@biopipe/core/constants';
import { applyEnvironmentAliases } from '@biopipe/core/environment';
import { formatEnvironmentHelp } from './environment-help.js';
import type { CommandContext, GlobalOptions } from './context.js';

/** Default task type when a command is given none. */
export const DEFAULT_TASK = 'intent_parsing';

/** The CLI package's version; `src/` and `dist/` both sit beside its package.json. */
function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new InvalidArgumentError('must be a whole number of milliseconds above 0.');
  return number;
}

function parseShare(value: string): number {
  const share = Number(value);
  if (value.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1)
    throw new InvalidArgumentError('must be a number from 0 to 1, e.g. 0.3.');
  return share;
}

function parseBoundedInteger(what: string, minimum: number, maximum: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum || number > maximum)
      throw new InvalidArgumentError(`must be ${what} from ${minimum} to ${maximum}.`);
    return number;
  };
}

/**
 * Builds the `biopipe` program. Command modules are imported only when their command runs, so
 * `--help` and `strategy list` never load the SDKs or the terminal UI.
 */
export function createProgram(env: NodeJS.ProcessEnv, setExitCode: (code: number) => void): Command {
  const program = new Command('biopipe')
    .description('Route LLM requests to the T4 vLLM fleet or the cloud, never the cloud when the strategy is PHI-safe.')
    .option(
      '-s, --strategy <name>',
      'strategy profile (default: BIOPIPELINES_STRATEGY, your default, or auto-detection)',
    )
    .option('--json', 'machine-readable output')
    .option('--debug-routing', 'record why each candidate was chosen or skipped')
    .option('--config-dir <dir>', 'extra config directory holding strategies/NAME.yaml (repeatable)', collect)
    .option('--debug', 'show stack traces')
    .version(readVersion(), '-V, --version', 'print the version of biopipe')
    .addHelpText('after', formatEnvironmentHelp())
    .showHelpAfterError()
    .exitOverride();

  const action =
    <Args extends unknown[]>(handler: (context: CommandContext, ...args: Args) => number | Promise<number>) =>
    async (...args: Args): Promise<void> => {
      // Loaded here, not at the top: `--help` must not pay for zod, yaml or the SDKs.
      const { createCommandContext } = await import('./context.js');
      const context = createCommandContext(program.opts<GlobalOptions>(), env);
      try {
        setExitCode(await handler(context, ...args));
      } catch (error) {
        const { reportError } = await import('./report-error.js');
        setExitCode(reportError(context.output, error, program.opts<GlobalOptions>().debug === true));
      }
    };

  const strategy = program.command('strategy').description('list, show, validate and choose strategy profiles');
  strategy
    .command('list')
    .description('every profile: name, whether it allows the cloud, origin, description')
    .action(async () => {
      // No command context here: listing must not load the schemas when the summary cache is fresh.
      const options = program.opts<GlobalOptions>();
      const [{ listStrategies }, { createOutput }] = await Promise.all([
        import('./commands/strategy-list.js'),
        import('./output.js'),
      ]);
      const output = createOutput({ json: options.json === true, env });
      try {
        setExitCode(
          await listStrategies(output, { configDirs: options.configDir ?? [], env, explicit: options.strategy }),
        );
      } catch (error) {
        setExitCode((await import('./report-error.js')).reportError(output, error, options.debug === true));
      }
    });
  strategy
    .command('show [name]')
    .description('the resolved profile (the active one when NAME is omitted), as YAML or --json')
    .action(
      action(async (context, name: string | undefined) =>
        (await import('./commands/strategy.js')).showStrategy(context, name),
      ),
    );
  strategy
    .command('validate <files...>')
    .description('check profile files; exit 0 if all are valid, 2 otherwise')
    .action(
      action(async (context, files: string[]) =>
        (await import('./commands/strategy.js')).validateStrategies(context, files),
      ),
    );
  strategy
    .command('use [name]')
    .description('make NAME your default strategy (below --strategy and BIOPIPELINES_STRATEGY)')
    .action(
      action(async (context, name: string | undefined) =>
        (await import('./commands/strategy.js')).useStrategy(context, name),
      ),
    );

  const templates = program
    .command('templates')
    .description('list, show and validate the bioinformatics context templates');
  templates
    .command('list')
    .description('every template: name, version, origin (a user file overrides a built-in one), description')
    .action(action(async (context) => (await import('./commands/templates.js')).listTemplates(context)));
  templates
    .command('show <name>')
    .description('the template text exactly as requests get it')
    .action(
      action(async (context, name: string) => (await import('./commands/templates.js')).showTemplate(context, name)),
    );
  templates
    .command('validate <files...>')
    .description('check template files; exit 0 if all are valid, 2 otherwise (with the file and line)')
    .action(
      action(async (context, files: string[]) =>
        (await import('./commands/templates.js')).validateTemplates(context, files),
      ),
    );

  program
    .command('route <prompt...>')
    .description('dry run: which target would serve the prompt and why; calls no model')
    .addOption(new Option('-t, --task <type>', 'task type').choices(TASK_TYPES).default(DEFAULT_TASK))
    .action(
      action(async (context, prompt: string[], options: { task: string }) =>
        (await import('./commands/route.js')).explainRoute(context, { task: options.task, prompt: prompt.join(' ') }),
      ),
    );

  program
    .command('ask <prompt...>')
    .description(
      'route one request and print the answer; route, model, fallback depth and latency on stderr (PROMPT "-" reads stdin)',
    )
    .addOption(new Option('-t, --task <type>', 'task type').choices(TASK_TYPES).default(DEFAULT_TASK))
    .option('--stream', 'print the answer as it arrives')
    .action(
      action(async (context, prompt: string[], options: { task: string; stream?: boolean }) =>
        (await import('./commands/ask.js')).askQuestion(context, {
          task: options.task,
          stream: options.stream === true,
          prompt: prompt.join(' '),
        }),
      ),
    );

  const complexity = program
    .command('complexity')
    .description('complexity routing: retrain the scorer, calibrate thresholds from recorded traffic');
  complexity
    .command('train <file>')
    .description(
      'fit the complexity scorer on your labelled prompts (JSONL: {"label": "easy"|"hard", "text": …, "split": "train"|"test"}) and write its weights file',
    )
    .option('--output <file>', 'weights file to write (default: ~/.config/biopipe/complexity/weights.json)')
    .action(
      action(async (context, file: string, options: { output?: string }) =>
        (await import('./commands/complexity-train.js')).trainComplexity(context, { file, output: options.output }),
      ),
    );
  complexity
    .command('calibrate')
    .description(
      "thresholds that would have sent a given share of the recorded requests to each task's strong target; prints the profile snippet",
    )
    .requiredOption('--target-strong-share <share>', 'share of requests for the strong target, 0 to 1', parseShare)
    .option('--since <when>', 'only records from this far back (30m, 24h, 7d) or since an ISO 8601 time')
    .option('--apply', 'write the thresholds into a user profile (a copy, for a built-in profile)')
    .action(
      action(async (context, options: { targetStrongShare: number; since?: string; apply?: boolean }) =>
        (await import('./commands/complexity-calibrate.js')).calibrateComplexity(context, {
          targetStrongShare: options.targetStrongShare,
          since: options.since,
          apply: options.apply === true,
        }),
      ),
    );

  const evaluation = program
    .command('eval')
    .description('measure accuracy on a suite of questions, and which specialised roles the measurements call for');
  evaluation
    .command('run <suite>')
    .description(
      'run a JSONL suite against a role, a cloud model or (without --target) the current routing: accuracy with its 95% interval, per category, latency',
    )
    .option('--target <target>', 'a role of the profile, or a cloud model (refused under a PHI-safe profile)')
    .option('--judge <target>', 'who grades llm_judge items (default: the generalist role)')
    .option('--concurrency <n>', 'items in flight at once', parseBoundedInteger('a whole number', 1, 256), 4)
    .option('--out <file>', 'write each graded item as a JSONL line (what --resume continues from)')
    .option('--resume', 'skip the items --out already holds without an error')
    .action(
      action(
        async (
          context,
          suite: string,
          options: { target?: string; judge?: string; concurrency: number; out?: string; resume?: boolean },
        ) =>
          (await import('./commands/eval-run.js')).runEvaluation(context, {
            suite,
            target: options.target,
            judge: options.judge,
            concurrency: options.concurrency,
            out: options.out,
            resume: options.resume === true,
          }),
      ),
    );

  evaluation
    .command('triggers')
    .description(
      'run the suites of config/triggers.yaml against the current routing: which specialised roles the measurements call for, with the evidence and the profile lines',
    )
    .option('--triggers <file>', 'another triggers file (default: config/triggers.yaml)')
    .option('--only <name>', 'only this trigger (repeatable)', collect)
    .option('--concurrency <n>', 'items in flight at once', parseBoundedInteger('a whole number', 1, 256), 4)
    .option('--endpoint <role=url>', "a new role's endpoint in the profile lines (repeatable)", collect)
    .option(
      '--apply',
      'write the changes of the triggers that fire into a user profile (a copy, for a built-in profile)',
    )
    .action(
      action(
        async (
          context,
          options: { triggers?: string; only?: string[]; concurrency: number; endpoint?: string[]; apply?: boolean },
        ) =>
          (await import('./commands/eval-triggers.js')).runTriggers(context, {
            triggersFile: options.triggers,
            only: options.only ?? [],
            concurrency: options.concurrency,
            endpoints: options.endpoint ?? [],
            apply: options.apply === true,
          }),
      ),
    );

  program
    .command('chat')
    .description(
      'interactive chat: /strategy, /task, /status; Ctrl-C cancels an answer, twice exits (plain lines when not a terminal)',
    )
    .addOption(new Option('-t, --task <type>', 'task type').choices(TASK_TYPES).default(DEFAULT_TASK))
    .action(
      action(async (context, options: { task: string }) =>
        (await import('./commands/chat.js')).runChat(context, { task: options.task }),
      ),
    );

  program
    .command('demo')
    .description(
      'start a simulated fleet on this machine and tour routing, fallback, the PHI guarantee and a strategy switch',
    )
    .action(action(async (context) => (await import('./commands/demo.js')).demo(context)));

  program
    .command('feedback <request-id> <rating>')
    .description('record good or bad feedback on one answer, by its request id (the report compares A/B arms on it)')
    .option('--note <text>', 'a short note kept with the feedback (at most 1000 characters; never printed)')
    .action(
      action(async (context, requestId: string, rating: string, options: { note?: string }) =>
        (await import('./commands/feedback.js')).recordFeedback(context, { requestId, rating, note: options.note }),
      ),
    );

  program
    .command('embed <texts...>')
    .description('embed each text; prints the model and dimension that produced the vectors (--json adds the vectors)')
    .action(
      action(async (context, texts: string[]) => (await import('./commands/embed.js')).embedTexts(context, texts)),
    );

  program
    .command('status')
    .description(
      'check the vLLM endpoints, cloud keys and SLURM; exit 0 if the strategy can serve every task, 3 if not',
    )
    .option('--verify-keys', 'make one authenticated call per cloud model the strategy uses')
    .option(
      '--timeout <ms>',
      "deadline of each check (default: the profile's health.check_timeout_ms)",
      parsePositiveInteger,
    )
    .action(
      action(async (context, options: { verifyKeys?: boolean; timeout?: number }) =>
        (await import('./commands/status.js')).showStatus(context, {
          verifyKeys: options.verifyKeys === true,
          timeoutMs: options.timeout,
        }),
      ),
    );

  const parseServeNumber = parseBoundedInteger;
  program
    .command('serve')
    .description(
      'OpenAI-compatible HTTP endpoint in front of the router: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models, /v1/feedback, /health, /metrics',
    )
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--port <port>',
      'port to bind; 0 picks a free one (the address is printed on stderr)',
      parseServeNumber('a port', 0, 65535),
      8080,
    )
    .option(
      '--max-body-bytes <bytes>',
      'largest request body; larger ones get 413',
      parseServeNumber('a size in bytes', 1, 1024 ** 3),
      4 * 1024 * 1024,
    )
    .option(
      '--shutdown-timeout <ms>',
      'on SIGINT/SIGTERM, how long in-flight requests may finish',
      parseServeNumber('a whole number of milliseconds', 0, 3_600_000),
      10_000,
    )
    .option('--allow-origin <origin>', 'a web origin whose pages may call the gateway (repeatable)', collect)
    .option(
      '--allow-host <name>',
      'a Host name to answer besides loopback ones, e.g. a reverse proxy (repeatable)',
      collect,
    )
    .addOption(
      new Option(
        '--access-log <state>',
        'one stderr line per request: method, path, status, task, target, ms (never the prompt or a key)',
      )
        .choices(['on', 'off'])
        .default('on'),
    )
    .addHelpText(
      'after',
      '\nSet BIOPIPELINES_GATEWAY_KEY to require `Authorization: Bearer <key>` from every client; without it, anyone who can reach the address is served, so bind beyond 127.0.0.1 only with a key.',
    )
    .action(
      action(
        async (
          context,
          options: {
            host: string;
            port: number;
            maxBodyBytes: number;
            shutdownTimeout: number;
            allowOrigin?: string[];
            allowHost?: string[];
            accessLog: string;
          },
        ) =>
          (await import('./commands/serve.js')).serve(context, {
            host: options.host,
            port: options.port,
            maxBodyBytes: options.maxBodyBytes,
            shutdownTimeoutMs: options.shutdownTimeout,
            allowOrigins: options.allowOrigin ?? [],
            allowHosts: options.allowHost ?? [],
            accessLog: options.accessLog !== 'off',
          }),
      ),
    );

  program
    .command('completion <shell>')
    .description('print a bash or zsh completion script (strategy names come from your profiles)')
    .action(
      action(async (context, shell: string) =>
        (await import('./commands/completion.js')).printCompletion(program, shell, context.output.out),
      ),
    );
  // Hidden: names for the completion script, read without loading the schemas.
  program.command('__complete <what>', { hidden: true }).action(async (what: string) => {
    if (what !== 'strategies') return;
    const { findProfileFiles } = await import('@biopipe/core/profile-files');
    process.stdout.write(
      `${[...findProfileFiles({ configDirs: program.opts<GlobalOptions>().configDir ?? [], env }).keys()].join('\n')}\n`,
    );
  });

  return program;
}

/** Runs the CLI and returns its exit code (DESIGN.md: 0 ok, 1 failed, 2 usage/config, 3 no backend, 130 interrupted). */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode = 0;
  env = applyEnvironmentAliases(env, (line) => process.stderr.write(`${line}\n`));
  const program = createProgram(env, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version print themselves and exit 0; anything else commander rejects is usage (2).
      return error.exitCode === 0 ? 0 : 2;
    }
    const [{ reportError }, { createOutput }] = await Promise.all([import('./report-error.js'), import('./output.js')]);
    return reportError(createOutput({ json: argv.includes('--json'), env }), error, argv.includes('--debug'));
  }
  return exitCode;
}
