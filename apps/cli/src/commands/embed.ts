import { normalizeError } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { toSnakeCaseKeys } from '../json-values.js';
import { formatJson } from '../output.js';
import { reportError } from '../report-error.js';
import { cancelOnInterrupt, openRoutedSession } from './routed-session.js';
import { formatRouteSummary } from './route-summary.js';

/**
 * `biopipe embed TEXT...`: one vector per text. Prints the model and dimension that produced them
 * (vectors of two models never belong in one index); `--json` adds the vectors and the route.
 */
export async function embedTexts(context: CommandContext, texts: readonly string[]): Promise<number> {
  const session = await openRoutedSession(context, { writeMetrics: true });
  const controller = new AbortController();
  const removeHandler = cancelOnInterrupt(controller);
  const { output } = context;
  try {
    const result = await session.orchestrator.embed({ input: texts, signal: controller.signal });
    if (output.json) {
      output.out(
        formatJson({
          ok: true,
          model: result.model,
          dimensions: result.dimensions,
          count: result.vectors.length,
          vectors: result.vectors,
          usage: toSnakeCaseKeys(result.usage ?? null),
          route: toSnakeCaseKeys(result.route),
        }),
      );
      return 0;
    }
    output.out(`model       ${result.model}`);
    output.out(`dimensions  ${result.dimensions}`);
    output.out(`vectors     ${result.vectors.length}`);
    result.vectors.forEach((vector, index) => {
      const preview = vector
        .slice(0, 4)
        .map((value) => value.toFixed(4))
        .join(', ');
      output.out(`  [${index}] ${texts[index]?.slice(0, 40) ?? ''}: [${preview}${vector.length > 4 ? ', …' : ''}]`);
    });
    output.err(formatRouteSummary(result.route));
    return 0;
  } catch (thrown) {
    return reportError(output, normalizeError(thrown), context.options.debug === true);
  } finally {
    removeHandler();
    await session.close();
  }
}
