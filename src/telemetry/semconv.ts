/*
 * Semantic-convention names copied locally (`@opentelemetry/semantic-conventions` is not a dependency, and the
 * GenAI names live only in its `/incubating` entry, which libraries should not import at runtime).
 */

/** Stable: HTTP request method. */
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
/** Stable: original method when `http.request.method` is `_OTHER`. */
export const ATTR_HTTP_REQUEST_METHOD_ORIGINAL = 'http.request.method_original';
/** Stable: ordinal of the resend (1 on the first retry; unset on the first attempt). */
export const ATTR_HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count';
/** Stable: response status code. */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
/** Stable: full URL, secrets scrubbed. */
export const ATTR_URL_FULL = 'url.full';
/** Development (opt-in): low-cardinality path template. */
export const ATTR_URL_TEMPLATE = 'url.template';
/** Stable: URL scheme. */
export const ATTR_URL_SCHEME = 'url.scheme';
/** Stable: server host name. */
export const ATTR_SERVER_ADDRESS = 'server.address';
/** Stable: server port. */
export const ATTR_SERVER_PORT = 'server.port';
/** Stable: low-cardinality failure class. */
export const ATTR_ERROR_TYPE = 'error.type';
/** Stable: value of `error.type` when nothing better is known. */
export const ERROR_TYPE_VALUE_OTHER = '_OTHER';
/** Stable metric: HTTP client request duration (seconds). */
export const METRIC_HTTP_CLIENT_REQUEST_DURATION = 'http.client.request.duration';

/** Development: GenAI operation name. */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** Development: GenAI provider (`openai`). */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** Development: requested model, e.g. `sora-2`. */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** Development: response id (the video id). */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
/** The provider value sora-rx reports. */
export const GEN_AI_PROVIDER_OPENAI = 'openai';
/** Well-known GenAI operation name for multimodal generation. */
export const GEN_AI_OPERATION_GENERATE_CONTENT = 'generate_content';

/** sora-rx: logical operation name (e.g. `createVideo`). */
export const ATTR_SORA_OPERATION = 'sora.operation';
/** sora-rx: the video id once known. */
export const ATTR_SORA_VIDEO_ID = 'sora.video.id';

/** The tracer / meter name. */
export const INSTRUMENTATION_NAME = 'sora-rx';
