import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

export class BodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'BodyError';
    this.status = status;
  }
}

export interface BodyLimits {
  /** Bytes on the wire (compressed or not). */
  maxBodyBytes: number;
  /** Bytes after gunzip: a gzip bomb stops here without inflating further. */
  maxDecompressedBytes: number;
}

/** Reads a request body within limits, gunzipping when `Content-Encoding: gzip`. */
export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new BodyError(415, `unsupported Content-Encoding '${encoding}'; use gzip or none`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) {
    req.resume();
    throw new BodyError(413, `request body of ${declared} bytes exceeds the limit of ${limits.maxBodyBytes}`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req) {
    received += (chunk as Buffer).length;
    if (received > limits.maxBodyBytes) {
      req.resume();
      throw new BodyError(413, `request body exceeds the limit of ${limits.maxBodyBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  if (encoding === 'identity') return raw;
  return new Promise((resolve, reject) => {
    gunzip(raw, { maxOutputLength: limits.maxDecompressedBytes }, (error, inflated) => {
      if (!error) return resolve(inflated);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        reject(
          new BodyError(413, `decompressed body exceeds the limit of ${limits.maxDecompressedBytes} bytes`),
        );
      } else {
        reject(new BodyError(400, `invalid gzip body: ${error.message}`));
      }
    });
  });
}
