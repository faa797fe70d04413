export { SoraError, isSoraError, type SoraErrorInit, type SoraErrorJSON } from './sora-error.js';
export { ValidationError } from './validation-error.js';
export {
  ApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ServiceUnavailableError,
  type ApiErrorInit,
} from './api-errors.js';
export { TimeoutError, ConnectionError, CancelledError, AmbiguousRequestError } from './request-errors.js';
export {
  VideoGenerationFailedError,
  VideoCancelledError,
  VideoExpiredError,
  type VideoJobError,
  type FailedVideoLike,
} from './job-errors.js';
export { ApiKeyProviderError } from './credential-errors.js';
export {
  ResponseTooLargeError,
  DownloadStalledError,
  PaginationLoopError,
  PaginationLimitError,
} from './response-errors.js';
export { errorFromResponse, parseErrorEnvelope, type ErrorResponseLike } from './from-response.js';
export { parseRetryAfterMs, parseShouldRetry } from './retry-after.js';
