/**
 * How a Partners Portal request carries the session. The portal's pages disagree: the API
 * reference puts the session token in `Authorization: Bearer` on every operation; the API Commons
 * guide asks every request for the network's `x-client-id` and `x-client-secret`, the
 * intermediary's `correlationId` (sent per call by src/observability/correlation.ts) and the
 * token in a `sessionToken` header. The client sends
 * either style, or both, so a host that wants the other one needs one option changed, not code.
 */
import { ConfigurationError } from "../core/errors.js";
import { bearerAuthorization, type HeaderAttacher } from "../core/transport.js";

/**
 * Which page's authentication headers the client sends:
 * - `reference`: `Authorization: Bearer <session token>` (the API reference);
 * - `commons`: `x-client-id`, `x-client-secret` on every request and `sessionToken: <token>` on
 *   every request after Authenticate (the API Commons guide); the client secret then travels
 *   with every request;
 * - `both`: all of them.
 */
export type AuthHeaderStyle = "reference" | "commons" | "both";

const styles: readonly AuthHeaderStyle[] = ["reference", "commons", "both"];

/** What the client's transport needs to send one style (it never follows a redirect, in any style). */
export interface AuthHeaders {
  attachHeaders: HeaderAttacher;
}

export interface AuthHeaderOptions {
  style: AuthHeaderStyle | undefined;
  /** The network credentials, sent as `x-client-id` and `x-client-secret` in the Commons style. */
  clientId: string;
  clientSecret: string;
}

/** The header attacher for `options.style`, checked. */
export function authHeadersFor(options: AuthHeaderOptions): AuthHeaders {
  const style = options.style ?? "reference";
  if (!styles.includes(style)) {
    throw new ConfigurationError(`authHeaders must be "reference", "commons" or "both"`);
  }
  const reference = style !== "commons";
  const commons = style !== "reference";
  const attachHeaders: HeaderAttacher = (headers, token) => {
    if (reference) bearerAuthorization(headers, token);
    if (commons) {
      headers.set("x-client-id", options.clientId);
      headers.set("x-client-secret", options.clientSecret);
      if (token !== undefined) headers.set("sessiontoken", token);
    }
  };
  return { attachHeaders };
}
