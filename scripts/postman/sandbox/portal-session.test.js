// Partners Portal collection, after every response: keeps the session's idle timer, stores the
// token when Authenticate itself was sent, and drops the session after a 401 so the next request
// opens a new one. In a collection run (Newman, the Runner) the refused request is sent once
// more; sent by hand, press Send again.
const isAuthenticate =
  pm.request.method === "POST" && pm.request.url.getPath().endsWith("/v1/authentication");
// Every request restarts the server's idle timer when it arrives: the send time is a safe bound.
const sentAt = String(Date.now() - pm.response.responseTime);

function tokenOf(response) {
  const body = response.json();
  return typeof body === "string" ? body : body?.sessionToken;
}

function renewAfterRefusal() {
  pm.collectionVariables.set("sessionToken", "");
  const retried = pm.collectionVariables.get("sessionRetriedRequest") === pm.info.requestId;
  if (retried) return pm.collectionVariables.set("sessionRetriedRequest", "");
  pm.collectionVariables.set("sessionRetriedRequest", pm.info.requestId);
  pm.execution.setNextRequest(pm.info.requestId);
}

if (isAuthenticate) {
  const token = pm.response.code === 200 ? tokenOf(pm.response) : undefined;
  if (token) {
    pm.collectionVariables.set("sessionToken", token);
    pm.collectionVariables.set("sessionLastUsedAt", sentAt);
  }
} else if (pm.response.code === 401) {
  renewAfterRefusal();
} else {
  pm.collectionVariables.set("sessionLastUsedAt", sentAt);
  pm.collectionVariables.set("sessionRetriedRequest", "");
}
