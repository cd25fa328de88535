import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIOverwrite } from 'discord-api-types/v10';

/** Every permission bit discord-api-types defines, which Discord grants to owners and administrators. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What @everyone may do in a new guild here: see, talk, attach, embed and use commands. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands;

/** The roles and overwrites that decide one member's permissions in one channel. */
export interface PermissionInputs {
  guildId: string;
  userId: string;
  ownerId: string;
  /** Permissions of @everyone, whose role ID is the guild ID. */
  everyone: bigint;
  /** Permissions of each of the member's other roles. */
  roles: { id: string; permissions: bigint }[];
  /** The channel's overwrites; omit for guild-level permissions. */
  overwrites?: APIOverwrite[];
}

/**
 * Computes permissions as Discord documents it: @everyone, then the member's roles, then the
 * channel's @everyone, role and member overwrites in that order. Owners and administrators get
 * everything and ignore overwrites.
 */
export function computePermissions(inputs: PermissionInputs): bigint {
  if (inputs.userId === inputs.ownerId) {
    return ALL_PERMISSIONS;
  }

  let permissions = inputs.roles.reduce((all, role) => all | role.permissions, inputs.everyone);

  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) {
    return ALL_PERMISSIONS;
  }

  const overwrites = inputs.overwrites ?? [];
  const roleIds = new Set(inputs.roles.map((role) => role.id));
  const everyoneOverwrite = overwrites.find((overwrite) => overwrite.id === inputs.guildId);
  permissions = applyOverwrite(permissions, everyoneOverwrite);

  let roleAllow = 0n;
  let roleDeny = 0n;

  for (const overwrite of overwrites) {
    if (overwrite.type === OverwriteType.Role && roleIds.has(overwrite.id)) {
      roleAllow |= BigInt(overwrite.allow);
      roleDeny |= BigInt(overwrite.deny);
    }
  }

  permissions = (permissions & ~roleDeny) | roleAllow;

  const memberOverwrite = overwrites.find(
    (overwrite) => overwrite.type === OverwriteType.Member && overwrite.id === inputs.userId,
  );
  return applyOverwrite(permissions, memberOverwrite);
}

function applyOverwrite(permissions: bigint, overwrite: APIOverwrite | undefined): bigint {
  if (overwrite === undefined) {
    return permissions;
  }

  return (permissions & ~BigInt(overwrite.deny)) | BigInt(overwrite.allow);
}
