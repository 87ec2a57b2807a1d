// CESCE collection, after every response: stores the token when the Token request itself was
// sent, and drops the token after a 401 so the next request gets a new one. In a collection run
// (Newman, the Runner) the refused request is sent once more; sent by hand, press Send again.
// Compared resolved: the URL holds `{{cesceTokenUrl}}` before the request is sent.
const isTokenRequest =
  pm.variables.replaceIn(pm.request.url.toString()) === pm.variables.replaceIn("{{cesceTokenUrl}}");
const sentAt = Date.now() - pm.response.responseTime;

function storeToken() {
  const body = pm.response.json();
  if (!body.access_token) return;
  const lifetimeMs = (Number(body.expires_in) || 3600) * 1000;
  const marginMs = Math.min(lifetimeMs / 10, 5 * 60 * 1000);
  pm.collectionVariables.set("accessToken", body.access_token);
  pm.collectionVariables.set("accessTokenRenewAt", String(sentAt + lifetimeMs - marginMs));
}

function renewAfterRefusal() {
  pm.collectionVariables.set("accessToken", "");
  const retried = pm.collectionVariables.get("accessTokenRetriedRequest") === pm.info.requestId;
  if (retried) return pm.collectionVariables.set("accessTokenRetriedRequest", "");
  pm.collectionVariables.set("accessTokenRetriedRequest", pm.info.requestId);
  pm.execution.setNextRequest(pm.info.requestId);
}

if (isTokenRequest) {
  if (pm.response.code === 200) storeToken();
} else if (pm.response.code === 401) {
  renewAfterRefusal();
} else {
  pm.collectionVariables.set("accessTokenRetriedRequest", "");
}
