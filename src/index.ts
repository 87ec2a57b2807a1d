/**
 * bctt-cesce-sdk: typed clients for the Banco CTT Partners Portal API and the CESCE
 * Classifications API, built on openapi-fetch. Every export is listed here by name.
 */

export type {
  components as CesceClassificationsComponents,
  operations as CesceClassificationsOperations,
  paths as CesceClassificationsPaths,
} from "../generated/cesce-classifications.js";
export type {
  components as PartnersPortalComponents,
  operations as PartnersPortalOperations,
  paths as PartnersPortalPaths,
} from "../generated/partners-portal.js";
export {
  type CesceClient,
  type CesceCredentials,
  type CesceOptions,
  createCesceClient,
} from "./cesce.js";
export { cesceAmount, cesceDate, FormatError } from "./codecs.js";
export type { ErrorDetail, ValidationIssue } from "./error-body.js";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  type CredentialLevel,
  InternalServerError,
  NotFoundError,
  OAuthError,
  PermissionDeniedError,
  RateLimitError,
  SdkError,
  TimeoutError,
  UnprocessableEntityError,
} from "./errors.js";
export type { LeaseStore } from "./lease.js";
export type { StoredToken, TokenStore } from "./oauth.js";
export {
  type ItemOf,
  type PageOf,
  type PaginatedClient,
  type PaginateOptions,
  type PaginationSpec,
  pages,
  paginate,
} from "./paginate.js";
export {
  createPartnersPortalClient,
  type PartnersPortalClient,
  type PartnersPortalCredentials,
  type PartnersPortalOptions,
} from "./partners-portal.js";
export type { SessionStore, StoredSession } from "./session.js";
export type { SdkEvent } from "./transport.js";
export { CesceEnvelopeError, unwrap } from "./unwrap.js";
