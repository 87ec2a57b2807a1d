// Partners Portal collection, before every request: opens a session when none is fresh, so no
// request has to be preceded by Authenticate by hand. The token is kept in the collection
// variable `sessionToken`, never in the environment, so exporting the environment cannot leak it.
// The API ends a session after 30 minutes without requests; renewing after 29 leaves a margin.
const idleLimitMs = 29 * 60 * 1000;

const isAuthenticate =
  pm.request.method === "POST" && pm.request.url.getPath().endsWith("/v1/authentication");

function sessionIsFresh() {
  const token = pm.collectionVariables.get("sessionToken");
  const lastUsedAt = Number(pm.collectionVariables.get("sessionLastUsedAt"));
  return Boolean(token) && Date.now() - lastUsedAt < idleLimitMs;
}

// The API reference answers `{ "sessionToken": "…" }`; the Authentication guide a bare string.
function tokenOf(response) {
  const body = response.json();
  return typeof body === "string" ? body : body?.sessionToken;
}

function authenticate() {
  const sentAt = Date.now();
  const credential = (name) => ({ key: name, value: pm.variables.get(name) ?? "" });
  const request = {
    url: `${pm.variables.replaceIn("{{portalBaseUrl}}")}/v1/authentication`,
    method: "POST",
    header: ["xClientID", "xClientSecret", "xBrokerUID", "xUsername"].map(credential),
  };
  pm.sendRequest(request, (error, response) => {
    // Never print the request: it holds the client secret.
    if (error) return console.error(`Authenticate could not be sent: ${error.message}`);
    const token = response.code === 200 ? tokenOf(response) : undefined;
    if (!token) {
      return console.error(
        `Authenticate answered HTTP ${response.code}: check xClientID, xClientSecret, xBrokerUID and xUsername in the environment.`,
      );
    }
    pm.collectionVariables.set("sessionToken", token);
    pm.collectionVariables.set("sessionLastUsedAt", String(sentAt));
  });
}

if (!isAuthenticate && !sessionIsFresh()) authenticate();
