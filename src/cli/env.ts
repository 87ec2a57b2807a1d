/**
 * Clients built from the environment, with the variables `npm run demo` reads: credentials are
 * required (a missing one is a configuration error, exit 2), hosts default to the specs' servers.
 */
import { type CesceClient, createCesceClient } from "../cesce/client.js";
import {
  createPartnersPortalClient,
  type PartnersPortalClient,
} from "../partners-portal/client.js";
import { UsageError } from "./usage.js";

function need(env: NodeJS.ProcessEnv, names: readonly string[]): string[] {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new UsageError(`missing environment variable(s): ${missing.join(", ")}`);
  return names.map((name) => env[name] as string);
}

/** Rate limit in requests per minute; `undefined` = none. */
export type RatePerMinute = number | undefined;

/** A CESCE client from CESCE_CLIENT_ID, CESCE_CLIENT_SECRET, CESCE_USERNAME, CESCE_PASSWORD (and hosts). */
export function cesceFromEnv(
  env: NodeJS.ProcessEnv,
  requestsPerMinute: RatePerMinute,
): CesceClient {
  const [clientId, clientSecret, username, password] = need(env, [
    "CESCE_CLIENT_ID",
    "CESCE_CLIENT_SECRET",
    "CESCE_USERNAME",
    "CESCE_PASSWORD",
  ]) as [string, string, string, string];
  return createCesceClient({
    credentials: { clientId, clientSecret, username, password },
    ...(env.CESCE_BASE_URL ? { baseUrl: env.CESCE_BASE_URL } : {}),
    ...(env.CESCE_TOKEN_URL ? { tokenUrl: env.CESCE_TOKEN_URL } : {}),
    ...(requestsPerMinute ? { rateLimit: { requestsPerMinute } } : {}),
  });
}

/** A Partners Portal client from BCTT_CLIENT_ID, BCTT_CLIENT_SECRET, BCTT_BROKER_UID, BCTT_USERNAME. */
export function portalFromEnv(
  env: NodeJS.ProcessEnv,
  requestsPerMinute: RatePerMinute,
): PartnersPortalClient {
  const [clientId, clientSecret, brokerUid, username] = need(env, [
    "BCTT_CLIENT_ID",
    "BCTT_CLIENT_SECRET",
    "BCTT_BROKER_UID",
    "BCTT_USERNAME",
  ]) as [string, string, string, string];
  return createPartnersPortalClient({
    credentials: { clientId, clientSecret, brokerUid, username },
    ...(env.BCTT_BASE_URL ? { baseUrl: env.BCTT_BASE_URL } : {}),
    ...(requestsPerMinute ? { rateLimit: { requestsPerMinute } } : {}),
  });
}
