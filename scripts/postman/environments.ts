/**
 * The two Postman environments, each for both collections: `mock`, pointing at `npm run mock`'s
 * default ports with placeholder credentials the mocks accept, and `qa`, pointing at the QA hosts
 * with the credentials left empty. Secrets are typed "secret", so Postman masks them.
 */
import { apis, defaultMockPort } from "../apis.ts";
import type { Json } from "./convert.ts";
import { stableId } from "./ids.ts";

interface Value {
  key: string;
  mock: string;
  secret?: boolean;
}

const mockUrl = (api: (typeof apis)[number]) =>
  `http://127.0.0.1:${defaultMockPort + apis.indexOf(api)}`;

/** Every environment variable, with the placeholder the mock environment gives it. */
const values: Value[] = [
  { key: "portalBaseUrl", mock: mockUrl("partners-portal") },
  { key: "xClientID", mock: "mock-client-id" },
  { key: "xClientSecret", mock: "mock-client-secret", secret: true },
  { key: "xBrokerUID", mock: "7c9e6679-7425-40de-944b-e07fc1f90ae7" },
  { key: "xUsername", mock: "broker.user@example.com" },
  { key: "cesceBaseUrl", mock: mockUrl("cesce-classifications") },
  { key: "cesceTokenUrl", mock: `${mockUrl("cesce-oauth")}/token` },
  { key: "cesceClientId", mock: "mock-client-id" },
  { key: "cesceClientSecret", mock: "mock-client-secret", secret: true },
  { key: "cesceUsername", mock: "mock-user" },
  { key: "cescePassword", mock: "mock-password", secret: true },
];

function environment(name: string, pick: (value: Value) => string): Json {
  return {
    id: stableId(`environment ${name}`),
    name: `bctt-cesce-sdk ${name}`,
    values: values.map((value) => ({
      key: value.key,
      value: pick(value),
      type: value.secret ? "secret" : "default",
      enabled: true,
    })),
    _postman_variable_scope: "environment",
  };
}

/** The QA hosts come from the specs' first servers: the same the SDK defaults to. */
export function environments(qa: {
  portalBaseUrl: string;
  cesceBaseUrl: string;
  cesceTokenUrl: string;
}) {
  const qaUrls: Record<string, string> = qa;
  return {
    mock: environment("mock", (value) => value.mock),
    qa: environment("qa", (value) => qaUrls[value.key] ?? ""),
  };
}
