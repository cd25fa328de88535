import { EmbedBuilder, TimestampStyles, time } from 'discord.js';
import type { AccountInfo } from '../../host/types.js';
import { maskEmail } from '../mask-email.js';

/** The linked account: host user ID, masked e-mail, premium state and registration date. */
export function accountEmbed(account: AccountInfo): EmbedBuilder {
  const registered =
    account.registeredAt === null
      ? 'unknown'
      : time(Math.floor(account.registeredAt / 1000), TimestampStyles.LongDate);

  return new EmbedBuilder()
    .setTitle('Video host account')
    .addFields(
      { name: 'User ID', value: account.userId, inline: true },
      { name: 'E-mail', value: maskEmail(account.email), inline: true },
      { name: 'Premium', value: account.premium ? 'yes' : 'no', inline: true },
      { name: 'Registered', value: registered, inline: true },
    );
}
