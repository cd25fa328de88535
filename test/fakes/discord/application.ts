import { ApplicationFlags, GatewayIntentBits } from 'discord-api-types/v10';
import type { APIApplication, APIUser } from 'discord-api-types/v10';

/** Maps each privileged intent to the application flag Discord sets when the intent is enabled for a small bot. */
const PRIVILEGED_INTENT_FLAGS: [intent: number, flag: ApplicationFlags][] = [
  [GatewayIntentBits.GuildPresences, ApplicationFlags.GatewayPresenceLimited],
  [GatewayIntentBits.GuildMembers, ApplicationFlags.GatewayGuildMembersLimited],
  [GatewayIntentBits.MessageContent, ApplicationFlags.GatewayMessageContentLimited],
];

/** The bit mask of every privileged intent. */
export const PRIVILEGED_INTENTS = PRIVILEGED_INTENT_FLAGS.reduce<number>((all, [intent]) => all | intent, 0);

/** Returns the application flags that reflect the privileged intents a test enabled. */
export function applicationFlags(privilegedIntents: number): ApplicationFlags {
  const flags = PRIVILEGED_INTENT_FLAGS.reduce<number>(
    (all, [intent, flag]) => ((privilegedIntents & intent) !== 0 ? all | flag : all),
    0,
  );
  return flags as ApplicationFlags;
}

/** Builds the application object of `GET /applications/@me`. */
export function applicationPayload(id: string, bot: APIUser, privilegedIntents: number): APIApplication {
  const flags = applicationFlags(privilegedIntents);

  return {
    id,
    name: bot.username,
    icon: null,
    description: '',
    bot_public: false,
    bot_require_code_grant: false,
    bot,
    summary: '',
    verify_key: '0'.repeat(64),
    team: null,
    flags,
    flags_new: String(flags),
  };
}
