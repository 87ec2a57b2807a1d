/**
 * bctt-cesce-sdk: typed clients for the Banco CTT Partners Portal API and the CESCE
 * Classifications API, built on openapi-fetch. Every export is listed here by name.
 */

export type {
  components as CesceClassificationsComponents,
  operations as CesceClassificationsOperations,
  paths as CesceClassificationsPaths,
} from "../generated/cesce-classifications.js";
export type { CesceResources } from "../generated/cesce-classifications.resources.js";
export type {
  components as PartnersPortalComponents,
  operations as PartnersPortalOperations,
  paths as PartnersPortalPaths,
  webhooks as PartnersPortalWebhooks,
} from "../generated/partners-portal.js";
export type { PartnersPortalResources } from "../generated/partners-portal.resources.js";
export type { BatchProgress } from "./batch/progress.js";
export {
  type BatchOptions,
  type BatchResult,
  type BatchTaskContext,
  runBatch,
} from "./batch/run-batch.js";
export {
  type CesceClient,
  type CesceCredentials,
  type CesceOptions,
  createCesceClient,
} from "./cesce/client.js";
export { cesceAmount, cesceDate, FormatError } from "./cesce/codecs.js";
export type { TokenStore } from "./cesce/oauth.js";
export type { StoredToken } from "./cesce/token-response.js";
export type { ErrorDetail, ValidationIssue } from "./core/error-body.js";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CesceEnvelopeError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  type CredentialLevel,
  InternalServerError,
  NotFoundError,
  OAuthError,
  PermissionDeniedError,
  RateLimitError,
  SdkError,
  StoreError,
  TimeoutError,
  UnprocessableEntityError,
} from "./core/errors.js";
export type { LeaseStore } from "./core/lease.js";
export {
  createRateLimiter,
  documentedWindows,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitShorthand,
  type RateWindow,
} from "./core/rate-limit.js";
export type { SdkEvent } from "./core/transport.js";
export { RedirectError, ResponseTooLargeError } from "./core/transport-errors.js";
export { unwrap } from "./core/unwrap.js";
export {
  DocumentError,
  type DocumentErrorReason,
} from "./documents/document-error.js";
export {
  type DocumentFromOptions,
  type DocumentPart,
  defaultMaxDocumentBytes,
  documentFrom,
} from "./documents/document-from.js";
export { type EsisSource, esisBytes, esisToFile } from "./documents/esis.js";
export { sniffContentType } from "./documents/sniff.js";
export type { DocumentSource } from "./documents/sources.js";
export type {
  IdentifierCheck,
  IdentifierProblem,
  IdentifierRefusal,
} from "./identifiers/check.js";
export { validateIban } from "./identifiers/iban.js";
export { validatePortugueseNif } from "./identifiers/portuguese-nif.js";
export { validatePortuguesePostalCode } from "./identifiers/portuguese-postal-code.js";
export { type SpanishTaxIdKind, validateSpanishTaxId } from "./identifiers/spanish-tax-id.js";
export type { CorrelationIdOption } from "./observability/correlation.js";
export { type Logger, type LogLevel, logLevelVariable } from "./observability/log-level.js";
export { type ResponseMetadata, responseMetadata } from "./observability/metadata.js";
export type { ObservabilitySettings, QuotaReader } from "./observability/observer.js";
export type { Quota } from "./observability/quota.js";
export {
  type ItemOf,
  type PageOf,
  type PaginatedClient,
  type PaginateOptions,
  type PaginationSpec,
  pages,
  paginate,
} from "./pagination/paginate.js";
export type { AuthHeaderStyle } from "./partners-portal/auth-headers.js";
export {
  createPartnersPortalClient,
  type PartnersPortalClient,
  type PartnersPortalCredentials,
  type PartnersPortalOptions,
} from "./partners-portal/client.js";
export { type CalendarDate, portalDate } from "./partners-portal/dates.js";
export type { SessionStore, StoredSession } from "./partners-portal/session.js";
export type { RequestValidationSettings } from "./request-validation/middleware.js";
export {
  type RequestFieldIssue,
  RequestValidationError,
} from "./request-validation/request-validation-error.js";
export type { PaginatedCall } from "./resources/paginated-call.js";
export type { PaginatedRequestOptions, RequestOptions } from "./resources/request-options.js";
