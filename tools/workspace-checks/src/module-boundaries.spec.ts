import { beforeAll, describe, expect, it } from '@jest/globals';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import path from 'node:path';

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');

/** Lints `code` as if it were the file at `file` (relative to the workspace) and returns boundary errors. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: workspaceRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(workspaceRoot, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
    .map((message) => message.message);
}

describe('@nx/enforce-module-boundaries', () => {
  // The rule reads the cached project graph; make sure it exists when the suite runs alone.
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false });
  }, 60_000);

  it('rejects core importing a library', async () => {
    const errors = await boundaryErrors(
      'packages/core/src/index.ts',
      "import '@biopipe/router';\nexport const x = 1;\n",
    );
    // Every project depends on core, so the rule may name the cycle before the tag constraint; either way it fires.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /can only depend on libs tagged with "type:core"|Circular dependency between "core" and "router"/,
    );
  });

  it('rejects a library importing another library', async () => {
    const errors = await boundaryErrors(
      'packages/router/src/index.ts',
      "import '@biopipe/detector';\nexport const x = 1;\n",
    );
    expect(errors).toHaveLength(1);
  });

  // Apps have no entry point at all (no `exports`), so nothing can import one; the simulator stands
  // for everything above the libraries.
  it('rejects a library importing a tool', async () => {
    const errors = await boundaryErrors(
      'packages/metrics/src/index.ts',
      "import '@biopipe/vllm-sim';\nexport const x = 1;\n",
    );
    expect(errors).toEqual(['A project tagged with "type:lib" can only depend on libs tagged with "type:core"']);
  });

  it('rejects the terminal UI inside a library', async () => {
    const errors = await boundaryErrors('packages/router/src/index.ts', "import 'ink';\nexport const x = 1;\n");
    expect(errors.join('\n')).toMatch(/ink/);
  });

  it('allows a library importing core and an app importing libraries', async () => {
    expect(
      await boundaryErrors('packages/router/src/index.ts', "import '@biopipe/core';\nexport const x = 1;\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'apps/cli/src/main.ts',
        "import '@biopipe/router';\nimport '@biopipe/core';\nexport const x = 1;\n",
      ),
    ).toEqual([]);
  });
});
