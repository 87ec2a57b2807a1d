// CESCE collection, before every request: gets an access token with the password grant when
// `accessToken` is empty or about to expire, so the collection also runs where Postman's OAuth 2.0
// "Get New Access Token" button does not exist (Newman, the CLI). The token is kept in collection
// variables, never in the environment.
// Compared resolved: the URL holds `{{cesceTokenUrl}}` before the request is sent.
const isTokenRequest =
  pm.variables.replaceIn(pm.request.url.toString()) === pm.variables.replaceIn("{{cesceTokenUrl}}");

function tokenIsFresh() {
  const token = pm.collectionVariables.get("accessToken");
  const renewAt = Number(pm.collectionVariables.get("accessTokenRenewAt"));
  return Boolean(token) && Date.now() < renewAt;
}

function fetchToken() {
  const sentAt = Date.now();
  const field = (key, name) => ({ key, value: pm.variables.replaceIn(`{{${name}}}`) });
  const request = {
    url: pm.variables.replaceIn("{{cesceTokenUrl}}"),
    method: "POST",
    header: [{ key: "Content-Type", value: "application/x-www-form-urlencoded" }],
    body: {
      mode: "urlencoded",
      urlencoded: [
        { key: "grant_type", value: "password" },
        field("client_id", "cesceClientId"),
        field("client_secret", "cesceClientSecret"),
        field("username", "cesceUsername"),
        field("password", "cescePassword"),
        field("scope", "cesceScope"),
      ],
    },
  };
  pm.sendRequest(request, (error, response) => {
    // Never print the request: it holds the client secret and the password.
    if (error) return console.error(`The token request could not be sent: ${error.message}`);
    const body = response.code === 200 ? response.json() : {};
    if (!body.access_token) {
      return console.error(
        `The token endpoint answered HTTP ${response.code}: check cesceClientId, cesceClientSecret, cesceUsername and cescePassword in the environment.`,
      );
    }
    // `expires_in` is only RECOMMENDED (RFC 6749 §5.1); without it, API Connect's default hour.
    const lifetimeMs = (Number(body.expires_in) || 3600) * 1000;
    const marginMs = Math.min(lifetimeMs / 10, 5 * 60 * 1000);
    pm.collectionVariables.set("accessToken", body.access_token);
    pm.collectionVariables.set("accessTokenRenewAt", String(sentAt + lifetimeMs - marginMs));
  });
}

if (!isTokenRequest && !tokenIsFresh()) fetchToken();
