import type { FakeContext } from '../context.js';
import { applicationPayload } from '../application.js';
import { DiscordErrors } from '../errors.js';
import { asJsonObject } from '../multipart.js';
import type { Router } from '../router.js';
import { ok } from '../router.js';

/** Registers the gateway, user, DM, application and guild lookup routes. */
export function registerUserRoutes(router: Router, context: FakeContext): void {
  const { state, payloads } = context;
  const { gatewayUrl } = context;

  router.add('GET', '/gateway', () => ok({ url: gatewayUrl }), { auth: false });

  router.add('GET', '/gateway/bot', () =>
    ok({
      url: gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  );

  router.add('GET', '/users/@me', () =>
    ok({ ...payloads.user(state.botUser), verified: true, mfa_enabled: false, flags: 0, locale: 'en-US' }),
  );

  router.add('GET', '/users/:userId', ({ params }) => ok(payloads.userById(params.userId ?? '')));

  router.add('POST', '/users/@me/channels', (request) => {
    const recipientId = asJsonObject(request.json ?? {}).recipient_id;

    if (typeof recipientId !== 'string') {
      throw DiscordErrors.unknownUser();
    }

    return ok(payloads.channel(state.dmChannel(recipientId)));
  });

  router.add('GET', '/applications/@me', () =>
    ok(
      applicationPayload(
        context.applicationId,
        payloads.user(state.botUser),
        context.options.privilegedIntents,
      ),
    ),
  );

  router.add('GET', '/guilds/:guildId', ({ params }) => {
    const guild = state.requireGuild(params.guildId ?? '');
    const { channels: _channels, members: _members, ...rest } = payloads.guildCreate(guild);
    return ok(rest);
  });

  router.add('GET', '/guilds/:guildId/channels', ({ params }) => {
    const guild = state.requireGuild(params.guildId ?? '');
    return ok(guild.channelIds.flatMap((id) => payloads.channel(state.requireChannel(id))));
  });

  router.add('GET', '/guilds/:guildId/members/:userId', ({ params }) => {
    const member = state.requireGuild(params.guildId ?? '').members.get(params.userId ?? '');

    if (member === undefined) {
      throw DiscordErrors.unknownMember();
    }

    return ok(payloads.member(member));
  });
}
