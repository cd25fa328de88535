/**
 * Masks an e-mail address for display (`someone@example.com` ->
 * `s•••e@example.com`), so a linked account is recognisable without showing
 * the address to anyone looking over the user's shoulder.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';

  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const visible = local.length <= 2 ? local.slice(0, 1) : `${local.slice(0, 1)}•••${local.slice(-1)}`;
  return `${visible.length === 1 ? `${visible}•••` : visible}@${domain}`;
}
