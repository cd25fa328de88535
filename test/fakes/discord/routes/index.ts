import type { FakeContext } from '../context.js';
import { Router } from '../router.js';
import { registerChannelRoutes } from './channels.js';
import { registerCommandRoutes } from './commands.js';
import { registerInteractionRoutes } from './interactions.js';
import { registerUserRoutes } from './users.js';
import { registerWebhookRoutes } from './webhooks.js';

/** Builds the router with every REST route the fake serves under `/api/v10`. */
export function createRouter(context: FakeContext): Router {
  const router = new Router();

  registerUserRoutes(router, context);
  registerChannelRoutes(router, context);
  registerInteractionRoutes(router, context);
  registerWebhookRoutes(router, context);
  registerCommandRoutes(router, context);
  return router;
}
