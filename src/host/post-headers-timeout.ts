/**
 * How long an upload POST waits for the response headers once its body is written.
 *
 * undici 7 does not run `headersTimeout` while a request body is still being written, as long as
 * the socket keeps draining. The timeout starts once the last byte is handed to the socket. On a
 * slow link the host does not have the body yet at that point, because the socket buffers of both
 * ends (a few MiB on Linux) still have to cross the link. A plain `headersTimeout` would cut such
 * a healthy upload, so the POST waits `headersMs` plus the time the slowest supported link needs
 * for the bytes that can still be buffered.
 */

/**
 * Bytes that can still be in socket buffers after the last write: the default maximum send
 * buffer (4 MiB) and receive buffer (6 MiB) of Linux, rounded up.
 */
const MAX_IN_FLIGHT_BYTES = 16 * 1024 * 1024;

// NOTE: a chosen floor, not a measured one: uplinks slower than about 1 Mbit/s may still be cut
// after the last byte is written, unless `headersMs` is raised.
const SLOWEST_LINK_BYTES_PER_SECOND = 128 * 1024;

/** Returns the POST's headers timeout in milliseconds for a body of `bodyBytes`. */
export function postHeadersTimeout(headersMs: number, bodyBytes: number): number {
  const inFlight = Math.min(bodyBytes, MAX_IN_FLIGHT_BYTES);
  return headersMs + Math.ceil((inFlight / SLOWEST_LINK_BYTES_PER_SECOND) * 1000);
}
