import { randomBytes } from 'node:crypto';
import { ApiDocument, PhotoSize } from '../bot-api/bot-api.types';
import { imageSize } from './image-size';

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  data: Buffer;
  fileName?: string;
  mimeType?: string;
  /** The path getFile returns and /file/bot<token>/<path> serves. */
  filePath: string;
}

export interface UploadedFile {
  data: Buffer;
  fileName?: string;
  mimeType?: string;
}

// Bots download files of at most 20 MB (https://core.telegram.org/bots/api#getfile).
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** Every file users and bots sent, by file_id; ids look like Telegram's (opaque, URL-safe). */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private counter = 0;

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  getByPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  save(upload: UploadedFile, folder: 'photos' | 'documents' | 'thumbnails'): StoredFile {
    this.counter += 1;
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(upload.fileName ?? '')?.[1] ?? (folder === 'documents' ? '' : 'jpg');
    const file: StoredFile = {
      fileId: `${folder === 'photos' ? 'AgAC' : 'BQAC'}${randomBytes(48).toString('base64url')}`,
      fileUniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
      data: upload.data,
      fileName: upload.fileName,
      mimeType: upload.mimeType,
      filePath: `${folder}/file_${this.counter}${extension ? `.${extension}` : ''}`,
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.filePath, file);
    return file;
  }

  /** Telegram keeps several sizes of a photo; here they share the bytes, with the sizes scaled. */
  savePhoto(upload: UploadedFile): PhotoSize[] | undefined {
    const size = imageSize(upload.data);
    if (!size || size.width === 0 || size.height === 0) return undefined;
    const longest = Math.max(size.width, size.height);
    const boxes = [90, 320, 800, 1280].filter((box) => box < longest);
    boxes.push(Math.min(longest, 2560));
    return boxes.map((box) => {
      const scale = Math.min(1, box / longest);
      const file = this.save(upload, 'photos');
      return {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_size: upload.data.length,
        width: Math.max(1, Math.round(size.width * scale)),
        height: Math.max(1, Math.round(size.height * scale)),
      };
    });
  }

  saveDocument(upload: UploadedFile): ApiDocument {
    const file = this.save(upload, 'documents');
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      ...(upload.fileName ? { file_name: upload.fileName } : {}),
      ...(upload.mimeType ? { mime_type: upload.mimeType } : {}),
      file_size: upload.data.length,
    };
  }
}
