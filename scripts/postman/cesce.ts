/**
 * The CESCE collection: the Classifications spec, plus the Token request of the OAuth spec in a
 * folder of its own. Authorization is Postman's OAuth 2.0 with the password grant (the
 * "Get New Access Token" button in the app); a collection-level script also fetches the token
 * with the same grant when `{{accessToken}}` is empty, because Newman has no such button.
 */
import { normaliseRequests, requestsOf, scriptEvent, variable } from "./collection.ts";
import { convertSpec, type Json } from "./convert.ts";
import { stableId } from "./ids.ts";
import { sandboxScript } from "./sandbox.ts";

/** The token form of the password grant (RFC 6749 §4.3.2), its values from the variables. */
const tokenForm: Record<string, string> = {
  grant_type: "password",
  client_id: "{{cesceClientId}}",
  client_secret: "{{cesceClientSecret}}",
  username: "{{cesceUsername}}",
  password: "{{cescePassword}}",
  scope: "{{cesceScope}}",
};

const usage = `
## Using this collection

Pick an environment (\`mock\` for \`npm run mock\`, \`qa\` for CESCE's sandbox) and fill its
\`cesceClientId\`, \`cesceClientSecret\`, \`cesceUsername\` and \`cescePassword\`. Then send any
request: a collection-level script gets a token with the password grant when none is stored or it
is about to expire, and keeps it in the collection variable \`accessToken\`, never in the
environment; after a 401 it drops the token and the next request gets a new one. The collection's
authorization is also set up as Postman's OAuth 2.0 password grant with the same variables, so
"Get New Access Token" works too.

Each request's description opens with its provenance: documented, partly documented or inferred.`;

const setting = (key: string, value: string) => ({ key, value, type: "string" });

/** Postman's OAuth 2.0 helper, set up for the password grant (RFC 6749 §4.3) with body credentials. */
function oauth2(tokenUrl: string): Json {
  return {
    type: "oauth2",
    oauth2: [
      setting("grant_type", "password_credentials"),
      setting("accessTokenUrl", tokenUrl),
      setting("clientId", "{{cesceClientId}}"),
      setting("clientSecret", "{{cesceClientSecret}}"),
      setting("username", "{{cesceUsername}}"),
      setting("password", "{{cescePassword}}"),
      setting("scope", "{{cesceScope}}"),
      setting("client_authentication", "body"),
      setting("tokenName", "CESCE"),
      setting("addTokenTo", "header"),
      setting("headerPrefix", "Bearer"),
      setting("accessToken", "{{accessToken}}"),
    ],
  };
}

/** The OAuth spec's Token request, sent to `{{cesceTokenUrl}}` with the environment's credentials. */
async function tokenFolder(oauthSpec: Json): Promise<Json> {
  const converted = await convertSpec(oauthSpec);
  normaliseRequests(converted, "cesce-oauth", oauthSpec, "cesceTokenUrl");
  const [token] = requestsOf(converted);
  if (!token) throw new Error("cesce-oauth: no Token request");
  const { request } = token.item;
  request.auth = { type: "noauth" };
  request.url = { raw: "{{cesceTokenUrl}}", host: ["{{cesceTokenUrl}}"] };
  for (const field of request.body.urlencoded as Json[]) {
    const value = tokenForm[field.key];
    if (value === undefined) throw new Error(`cesce-oauth: unexpected token field ${field.key}`);
    field.value = value;
  }
  for (const response of token.item.response as Json[]) response.originalRequest.url = request.url;
  return token.folder;
}

/** Builds the CESCE collection from the bundled Classifications and OAuth specs. */
export async function cesceCollection(spec: Json, oauthSpec: Json): Promise<Json> {
  const collection = await convertSpec(spec);
  normaliseRequests(collection, "cesce-classifications", spec, "cesceBaseUrl");
  const tokenUrl = `${oauthSpec.servers[0].url}/token`;
  if (spec.components.securitySchemes.oauth2.flows.password.tokenUrl !== tokenUrl) {
    throw new Error("the Classifications spec and the OAuth spec disagree on the token URL");
  }
  const allScopes = Object.keys(spec.components.securitySchemes.oauth2.flows.password.scopes);
  return {
    info: {
      _postman_id: stableId("cesce collection"),
      name: spec.info.title,
      description: { content: `${spec.info.description.trim()}\n${usage}`, type: "text/markdown" },
      schema: collection.info.schema,
    },
    item: [await tokenFolder(oauthSpec), ...collection.item],
    auth: oauth2("{{cesceTokenUrl}}"),
    event: [
      scriptEvent("prerequest", sandboxScript("cesce-token.prerequest"), "cesce"),
      scriptEvent("test", sandboxScript("cesce-token.test"), "cesce"),
    ],
    variable: [
      variable("cesceBaseUrl", spec.servers[0].url, "Overridden by the environment's."),
      variable("cesceTokenUrl", tokenUrl, "Overridden by the environment's."),
      variable("cesceScope", allScopes.join(" "), "The scopes asked for, separated by spaces."),
      variable(
        "accessToken",
        "",
        "Set by the collection's scripts; do not put it in an environment.",
      ),
      variable("accessTokenRenewAt", "", "When to get a new token (ms since the epoch)."),
      variable(
        "accessTokenRetriedRequest",
        "",
        "The request sent again after a 401, to try it once only.",
      ),
    ],
  };
}
