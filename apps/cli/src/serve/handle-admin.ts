import type { Logger, StrategyConfig } from '@biopipe/core';
import { sendJson, type Exchange, type GatewayRouter } from './exchange.js';
import { invalidField } from './gateway-errors.js';

function describeStrategy(config: StrategyConfig): Record<string, unknown> {
  return { strategy: config.name, allow_cloud: config.allowCloud, description: config.description };
}

/**
 * `GET /admin/strategy` and `POST /admin/strategy {"strategy": NAME}`: reads or switches the active
 * strategy, as `switchStrategy` does for the CLI (validated first; an unknown or invalid profile is a
 * 400 and changes nothing; in-flight requests finish on the old one). The route exists only when the
 * gateway has a key, so nobody can switch a PHI-safe gateway to a cloud profile without it.
 */
export async function handleAdminStrategy(
  exchange: Exchange,
  options: { router: GatewayRouter; body: Record<string, unknown> | undefined; logger: Logger },
): Promise<void> {
  const { router } = options;
  if (options.body === undefined) {
    sendJson(exchange.response, 200, JSON.stringify(describeStrategy(router.currentStrategy)), {
      'x-request-id': exchange.requestId,
    });
    return;
  }
  const name = options.body['strategy'];
  if (typeof name !== 'string' || name === '')
    throw invalidField(
      'strategy',
      '"strategy" must name a strategy profile.',
      'Send {"strategy": "t4_local_only"}; `biopipe strategy list` shows the names.',
    );
  const previous = router.currentStrategy.name;
  const config = await router.switchStrategy(name);
  options.logger.info('strategy switched through the admin route', {
    from: previous,
    to: config.name,
    request_id: exchange.requestId,
  });
  sendJson(exchange.response, 200, JSON.stringify({ ...describeStrategy(config), previous }), {
    'x-request-id': exchange.requestId,
  });
}
