import type { Message } from 'telegraf/types';

export interface IncomingFile {
  kind: 'photo' | 'document' | 'voice' | 'audio' | 'video' | 'video_note' | 'animation' | 'sticker';
  fileId: string;
  fileUniqueId: string;
  fileName: string | null;
  mimeType: string | null;
  fileSize: number | null;
}

type AnyFile = { file_id: string; file_unique_id: string; file_size?: number; file_name?: string; mime_type?: string };

/** The file a message carries, if any (for a photo: its largest size). */
export function fileOfMessage(message: Message | undefined): IncomingFile | null {
  if (!message) return null;
  const m = message as unknown as Record<string, unknown>;
  if (Array.isArray(m.photo) && m.photo.length > 0) {
    const largest = (m.photo as AnyFile[]).reduce((a, b) => ((b.file_size ?? 0) > (a.file_size ?? 0) ? b : a));
    return describe('photo', largest, 'image/jpeg');
  }
  for (const kind of ['document', 'voice', 'audio', 'video', 'video_note', 'animation', 'sticker'] as const) {
    const file = m[kind] as AnyFile | undefined;
    if (file?.file_id) return describe(kind, file, null);
  }
  return null;
}

function describe(kind: IncomingFile['kind'], file: AnyFile, defaultMime: string | null): IncomingFile {
  return {
    kind,
    fileId: file.file_id,
    fileUniqueId: file.file_unique_id,
    fileName: file.file_name ?? null,
    mimeType: file.mime_type ?? defaultMime,
    fileSize: file.file_size ?? null,
  };
}
