/**
 * Reads the baseline clients' configuration: BARE_TOKEN, the fake Discord's bot token, and
 * BARE_REST_URL, its REST API. Exits with a message when either is missing.
 */
export function baselineClientEnvironment(): { token: string; restUrl: string } {
  const token = process.env.BARE_TOKEN;
  const restUrl = process.env.BARE_REST_URL;

  if (token === undefined || restUrl === undefined) {
    process.stderr.write('BARE_TOKEN and BARE_REST_URL are required\n');
    process.exit(1);
  }

  return { token, restUrl };
}
