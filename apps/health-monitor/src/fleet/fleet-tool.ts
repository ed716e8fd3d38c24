import {
  applyEnvironmentAliases,
  defaultFleetManifestPath,
  exitCodeFor,
  hintToPrint,
  loadFleetManifest,
  normalizeError,
  UsageError,
  type Environment,
} from '@biopipe/core';
import path from 'node:path';
import { findRole, jobNameFor } from './find-role.js';
import { fleetFileFromEnvironment, readGpuOverride, resolveFleetPaths } from './fleet-paths.js';
import { buildSbatchArguments } from './sbatch-arguments.js';
import { buildVllmServeArguments } from './vllm-serve-arguments.js';

const USAGE = `usage: biopipe-fleet [--fleet FILE] COMMAND [ROLE]
Answers the fleet shell scripts' questions from the fleet manifest, so no shell script parses YAML.
  roles               role names, one a line
  vllm-args ROLE      the arguments of \`vllm serve\` for ROLE, each ended by a NUL byte
  sbatch-args ROLE    the sbatch options of ROLE's job, each ended by a NUL byte
  job-settings ROLE   KEY=VALUE lines the job script reads (port, job name, registry directory, ...)
The manifest is --fleet, else BIOPIPELINES_FLEET_FILE, else config/fleet.yaml.`;

export interface FleetToolIo {
  out(text: string): void;
  err(text: string): void;
}

function parseArguments(
  argv: readonly string[],
  env: Environment,
): { fleetFile: string; command: string; role: string | undefined } {
  const rest = [...argv];
  let fleetFile = fleetFileFromEnvironment(env) ?? defaultFleetManifestPath();
  if (rest[0] === '--fleet') {
    const value = rest[1];
    if (value === undefined) throw new UsageError('--fleet needs a file.', USAGE);
    fleetFile = value;
    rest.splice(0, 2);
  }
  const [command, role, ...extra] = rest;
  if (command === undefined || extra.length > 0) throw new UsageError('Wrong number of arguments.', USAGE);
  if (command !== 'roles' && role === undefined) throw new UsageError(`${command} needs a ROLE.`, USAGE);
  return { fleetFile: path.resolve(fleetFile), command, role };
}

/** Runs one `biopipe-fleet` command; returns the exit code (2 for usage, unknown roles and bad manifests). */
export function runFleetTool(argv: readonly string[], io: FleetToolIo, env: Environment = process.env): number {
  env = applyEnvironmentAliases(env, (line) => io.err(`${line}\n`));
  try {
    const { fleetFile, command, role = '' } = parseArguments(argv, env);
    const manifest = loadFleetManifest(fleetFile);
    const nulSeparated = (items: string[]): string => items.map((item) => `${item}\0`).join('');
    switch (command) {
      case 'roles':
        io.out(
          Object.keys(manifest.roles)
            .map((name) => `${name}\n`)
            .join(''),
        );
        return 0;
      case 'vllm-args':
        io.out(nulSeparated(buildVllmServeArguments(manifest, role, fleetFile)));
        return 0;
      case 'sbatch-args': {
        const paths = resolveFleetPaths(env);
        const gpus = readGpuOverride(env);
        io.out(
          nulSeparated(
            buildSbatchArguments({
              manifest,
              role,
              fleetFile,
              logDirectory: paths.logDirectory,
              ...(gpus === undefined ? {} : { gpus }),
            }),
          ),
        );
        return 0;
      }
      case 'job-settings': {
        const spec = findRole(manifest, role, fleetFile);
        const paths = resolveFleetPaths(env);
        const settings = {
          port: String(spec.port),
          served_model_name_json: JSON.stringify(spec.served_model_name),
          job_name: jobNameFor(manifest, role),
          registry_dir: paths.registryDirectory,
          log_dir: paths.logDirectory,
          fleet_file: fleetFile,
        };
        io.out(
          Object.entries(settings)
            .map(([key, value]) => `${key}=${value}\n`)
            .join(''),
        );
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}".`, USAGE);
    }
  } catch (thrown) {
    const error = normalizeError(thrown);
    io.err(`biopipe-fleet: ${error.message}\n`);
    const hint = hintToPrint(error);
    if (hint !== undefined) io.err(`hint: ${hint}\n`);
    return exitCodeFor(error.code);
  }
}
