/** An error with the HTTP status and machine-readable code it maps to in responses. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export function badRequest(message: string, code = 'bad_request'): ApiError {
  return new ApiError(400, code, message);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message);
}
