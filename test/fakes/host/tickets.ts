import { randomTicketToken } from './ids.js';

/** Where a file sent to a ticket URL goes, fixed when the ticket was issued. */
export interface UploadTarget {
  /** Null for an upload without login and key. */
  login: string | null;
  folderId: string;
  /** Lower-case hexadecimal SHA-1 the file must have, or null when not given. */
  sha1: string | null;
}

export interface UploadTicket extends UploadTarget {
  token: string;
  /** Epoch ms after which a POST to the ticket URL is rejected. */
  expiresAt: number;
}

export type TicketLookup =
  { kind: 'valid'; ticket: UploadTicket } | { kind: 'unknown' } | { kind: 'expired'; ticket: UploadTicket };

/**
 * Formats epoch ms as the host's `valid_until`: `YYYY-MM-DD HH:MM:SS`. The
 * documentation names no time zone; the fake uses UTC.
 */
export function formatValidUntil(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** Upload tickets of the ticket style; each is used up by one successful upload. */
export class UploadTickets {
  private readonly tickets = new Map<string, UploadTicket>();

  issue(target: UploadTarget, expiresAt: number, token: string = randomTicketToken()): UploadTicket {
    const ticket: UploadTicket = { ...target, token, expiresAt };
    this.tickets.set(token, ticket);
    return ticket;
  }

  lookup(token: string, now: number): TicketLookup {
    const ticket = this.tickets.get(token);
    if (ticket === undefined) {
      return { kind: 'unknown' };
    }
    return now > ticket.expiresAt ? { kind: 'expired', ticket } : { kind: 'valid', ticket };
  }

  consume(token: string): void {
    this.tickets.delete(token);
  }
}
