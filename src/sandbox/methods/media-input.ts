import { BotApiError } from '../bot-api/bot-api-error';
import { isInputFile } from '../bot-api/input-file';
import { UploadedFile } from '../state/file-store';
import { MethodContext } from './method-context';

// Bots upload files of at most 50 MB; Telegram downloads URLs of at most 20 MB (5 MB for photos).
const MAX_URL_BYTES = 20 * 1024 * 1024;

/** An InputFile or String parameter: an upload, a file_id sent before, or an HTTP URL Telegram fetches. */
export async function resolveMedia(ctx: MethodContext, value: unknown): Promise<UploadedFile> {
  if (isInputFile(value)) return value;
  const text = String(value);
  const known = ctx.state.files.get(text);
  if (known) return known;
  if (/^https?:\/\//i.test(text)) return fetchUrl(text);
  throw BotApiError.badRequest('wrong file identifier/HTTP URL specified');
}

async function fetchUrl(url: string): Promise<UploadedFile> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > MAX_URL_BYTES) throw new Error('too big');
    const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || undefined;
    return { data, fileName, mimeType: response.headers.get('content-type')?.split(';')[0] || undefined };
  } catch {
    throw BotApiError.badRequest('failed to get HTTP URL content');
  }
}
