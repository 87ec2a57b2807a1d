/**
 * The Partners Portal collection: the converted spec, plus a session that opens itself. A
 * collection-level script authenticates with the four Authenticate headers (from the
 * environment) whenever no fresh session is stored, and every request inherits
 * `Authorization: Bearer {{sessionToken}}`.
 */

import { normaliseRequests, requestsOf, scriptEvent, variable } from "./collection.ts";
import { convertSpec, type Json } from "./convert.ts";
import { stableId } from "./ids.ts";
import { sandboxScript } from "./sandbox.ts";

/** The Authenticate headers, named as the API reference names them, each an environment variable. */
export const credentialHeaders = ["xClientID", "xClientSecret", "xBrokerUID", "xUsername"];

const usage = `
## Using this collection

Pick an environment (\`mock\` for \`npm run mock\`, \`qa\` for the bank's QA host) and fill its
\`xClientID\`, \`xClientSecret\`, \`xBrokerUID\` and \`xUsername\`. Then send any request: a
collection-level script calls Authenticate when no session is open, or when the last one has been
idle for 29 minutes (the API ends it after 30), and keeps the token in the collection variable
\`sessionToken\`, never in the environment. After a 401 it drops the session; the next request opens
a new one (in a collection run the refused request is sent again once).

Each request's description opens with its provenance: documented, partly documented or inferred
from the portal's pages, and whether its path was seen or inferred.`;

function useCredentialVariables(authenticate: Json): void {
  authenticate.request.auth = { type: "noauth" };
  for (const header of authenticate.request.header as Json[]) {
    if (credentialHeaders.includes(header.key)) header.value = `{{${header.key}}}`;
  }
}

/** Builds the Partners Portal collection from its bundled spec. */
export async function portalCollection(spec: Json): Promise<Json> {
  const collection = await convertSpec(spec);
  normaliseRequests(collection, "partners-portal", spec, "portalBaseUrl");
  const authenticate = requestsOf(collection).find(({ item }) => item.name === "Authenticate");
  if (!authenticate) throw new Error("partners-portal: no Authenticate request");
  useCredentialVariables(authenticate.item);
  return {
    info: {
      _postman_id: stableId("partners-portal collection"),
      name: spec.info.title,
      description: { content: `${spec.info.description.trim()}\n${usage}`, type: "text/markdown" },
      schema: collection.info.schema,
    },
    item: collection.item,
    auth: { type: "bearer", bearer: [{ key: "token", value: "{{sessionToken}}", type: "string" }] },
    event: [
      scriptEvent("prerequest", sandboxScript("portal-session.prerequest"), "partners-portal"),
      scriptEvent("test", sandboxScript("portal-session.test"), "partners-portal"),
    ],
    variable: [
      variable("portalBaseUrl", spec.servers[0].url, "Overridden by the environment's."),
      variable(
        "sessionToken",
        "",
        "Set by the collection's scripts; do not put it in an environment.",
      ),
      variable("sessionLastUsedAt", "", "When the session was last used (ms since the epoch)."),
      variable(
        "sessionRetriedRequest",
        "",
        "The request sent again after a 401, to try it once only.",
      ),
    ],
  };
}
