export type HostEndpoint =
  | 'account/info'
  | 'file/info'
  | 'file/listfolder'
  | 'file/converts'
  | 'file/getsplash'
  /** GET (ticket request) or POST (direct upload) on the upload URL. */
  | 'upload'
  /** POST of the file to a ticket URL returned by 'upload'. */
  | 'upload/ticket';

export const API_PREFIX = '/v2/';
export const UPLOAD_PATH = '/bp/';
export const TICKET_PREFIX = '/ul/';

const API_ENDPOINTS: ReadonlySet<string> = new Set([
  'account/info',
  'file/info',
  'file/listfolder',
  'file/converts',
  'file/getsplash',
]);

/** Classifies a request path; paths that are not part of the host's API (pages, images, unknown) are 'other'. */
export function endpointOf(pathname: string): HostEndpoint | 'other' {
  if (pathname.startsWith(API_PREFIX)) {
    const name = pathname.slice(API_PREFIX.length);
    return API_ENDPOINTS.has(name) ? (name as HostEndpoint) : 'other';
  }

  if (pathname === UPLOAD_PATH || pathname === UPLOAD_PATH.slice(0, -1)) {
    return 'upload';
  }

  if (pathname.startsWith(TICKET_PREFIX) && pathname.length > TICKET_PREFIX.length) {
    return 'upload/ticket';
  }

  return 'other';
}
