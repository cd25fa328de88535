import { requireAccount, requireFileIdParameter, requireOwnFile } from './access.js';
import { isPlayable, QUALITY_LABELS, qualityStatuses, summarize, type QualityStatus } from './encoding.js';
import { sendError, type Exchange } from './exchange.js';
import type { HostRuntime } from './runtime.js';
import { sendResult } from './send-result.js';

function flag(value: boolean): string {
  return value ? '1' : '0';
}

/** Renders one quality as the host does: every field a string, `retires` being its spelling of retries. */
function renderQuality(status: QualityStatus): Record<string, string> {
  return {
    codec_id: status.codecId,
    job_id: status.jobId,
    converted: flag(status.converted),
    locked: flag(status.locked),
    created_timestamp: String(status.createdTimestamp),
    updated_timestamp: String(status.updatedTimestamp),
    skipped: flag(status.skipped),
    progress: String(status.progress),
    retires: String(status.retries),
    label: status.label,
  };
}

/**
 * `file/converts`: the encoding state of one file, for every quality or the
 * one named by `output`. Once encoding succeeded, `link` and `linkextid` name
 * the encoded file, whose ID differs from the uploaded file's.
 */
export function handleConverts(exchange: Exchange, runtime: HostRuntime): void {
  const account = requireAccount(exchange, runtime);
  if (account === undefined) {
    return;
  }

  const output = exchange.query.output ?? '';
  if (output !== '' && !(QUALITY_LABELS as readonly string[]).includes(output)) {
    sendError(exchange, 400, `Invalid output: ${output.slice(0, 32)} (expected 360p, 480p, 720p or 1080p)`);
    return;
  }

  const fileId = requireFileIdParameter(exchange);
  const file = fileId === undefined ? undefined : requireOwnFile(exchange, runtime, account, fileId);
  if (file === undefined) {
    return;
  }

  const now = runtime.now();
  const summary = summarize(file.encoding, now);
  const statuses = qualityStatuses(file.encoding, now).filter(
    (status) => output === '' || status.label === output,
  );
  const encoded = summary === 'success';

  sendResult(exchange, runtime, {
    [file.id]: {
      encoding_summary: summary,
      is_playable: isPlayable(file.encoding, now) ? 1 : 0,
      link: encoded ? file.encodedLink : file.link,
      linkextid: encoded ? file.encodedLinkextid : file.id,
      encoding_status: statuses.map(renderQuality),
    },
  });
}
