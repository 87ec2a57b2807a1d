/** The specs of this repository, by their key in redocly.yaml (`apis:`) and folder in openapi/. */
export const apis = ["partners-portal", "cesce-classifications", "cesce-oauth"] as const;

export type ApiName = (typeof apis)[number];

/** True for a name in `apis`. */
export function isApiName(name: string): name is ApiName {
  return (apis as readonly string[]).includes(name);
}

/**
 * The spec a host serves, told by its URL: Banco CTT's hosts, and CESCE's gateway (its token
 * endpoint lives under /oauth2/). Undefined when the URL does not say (a local mock, a proxy).
 */
export function apiForUrl(url: URL): ApiName | undefined {
  if (/(^|\.)bancoctt\.pt$/.test(url.hostname)) return "partners-portal";
  if (!/(^|\.)cesce\.es$|apiconnect/.test(url.hostname)) return undefined;
  return url.pathname.includes("/oauth2/") ? "cesce-oauth" : "cesce-classifications";
}

/** True when a URL's host is this machine (the loopback range or localhost). */
export function isLoopback(url: URL): boolean {
  return /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
}

/** `npm run mock` serves `apis[i]` on this port + i (MOCK_PORT moves it). */
export const defaultMockPort = 4010;
