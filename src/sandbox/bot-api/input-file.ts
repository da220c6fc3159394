import { UploadedFile } from '../state/file-store';

/** A file part of a multipart request, where the Bot API expects an InputFile. */
export class InputFilePart implements UploadedFile {
  constructor(
    readonly data: Buffer,
    readonly fileName?: string,
    readonly mimeType?: string,
  ) {}

  /** What the call log shows instead of the bytes. */
  toJSON(): Record<string, unknown> {
    return { file: this.fileName ?? 'file', size: this.data.length, mimeType: this.mimeType };
  }
}

export function isInputFile(value: unknown): value is InputFilePart {
  return value instanceof InputFilePart;
}

/** Multipart form fields as Bot API parameters: text fields stay strings, files become InputFileParts. */
export async function formDataToParams(form: FormData): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string') params[name] = value;
    else
      params[name] = new InputFilePart(
        Buffer.from(await value.arrayBuffer()),
        value.name || undefined,
        value.type || undefined,
      );
  }
  return params;
}
