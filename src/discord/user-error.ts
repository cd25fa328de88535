/**
 * An error whose message is written for the Discord user and tells them what
 * to do (link an account, pick a smaller file). The error path shows it as it
 * is; every other error is shown as a generic message with a reference.
 */
export class UserError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserError';
  }
}
