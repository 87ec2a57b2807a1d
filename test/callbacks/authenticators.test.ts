import { describe, expect, it } from "vitest";
import {
  basicCredentials,
  CallbackOptionsError,
  createCallbackHandler,
  hmacSignature,
  ipAllowlist,
  sharedSecretHeader,
  signBody,
} from "../../src/callbacks/index.ts";
import { delivery, processNotification } from "./fixtures.ts";

const noBody = { rawBody: new Uint8Array(0), remoteAddress: undefined };
const withHeaders = (headers: Record<string, string>) =>
  new Request("http://receiver.test/", { method: "POST", headers });
const basic = (userPass: string) =>
  withHeaders({ authorization: `Basic ${Buffer.from(userPass).toString("base64")}` });

describe("sharedSecretHeader", () => {
  const check = sharedSecretHeader({
    header: "x-callback-secret",
    secrets: ["old-secret", "new-secret"],
  });

  it("accepts any of the active secrets, so one can be rotated", async () => {
    expect(await check(withHeaders({ "x-callback-secret": "old-secret" }), noBody)).toBe(true);
    expect(await check(withHeaders({ "x-callback-secret": "new-secret" }), noBody)).toBe(true);
  });

  it("refuses a wrong, partial, longer or missing secret", async () => {
    for (const value of ["new-secreT", "new-secre", "new-secret!", "", "old-secretnew-secret"]) {
      expect(await check(withHeaders({ "x-callback-secret": value }), noBody), value).toBe(false);
    }
    expect(await check(withHeaders({}), noBody)).toBe(false);
  });

  it("refuses to be created without a secret or a header", () => {
    expect(() => sharedSecretHeader({ header: "x", secrets: [] })).toThrow(CallbackOptionsError);
    expect(() => sharedSecretHeader({ header: "x", secrets: [""] })).toThrow(CallbackOptionsError);
    expect(() => sharedSecretHeader({ header: "", secrets: "s" })).toThrow(CallbackOptionsError);
  });
});

describe("basicCredentials", () => {
  const check = basicCredentials([
    { username: "bctt", password: "p@ss:word" },
    { username: "bctt", password: "next-password" },
  ]);

  it("accepts each listed user and password (RFC 7617), UTF-8 included", async () => {
    expect(await check(basic("bctt:p@ss:word"), noBody)).toBe(true);
    expect(await check(basic("bctt:next-password"), noBody)).toBe(true);
    const utf8 = basicCredentials({ username: "joão", password: "pão" });
    expect(await utf8(basic("joão:pão"), noBody)).toBe(true);
  });

  it("refuses wrong credentials, other schemes and malformed headers without throwing", async () => {
    for (const userPass of ["bctt:wrong", "other:p@ss:word", "bctt", ":p@ss:word"]) {
      expect(await check(basic(userPass), noBody), userPass).toBe(false);
    }
    for (const authorization of ["Bearer abc", "Basic", "Basic !!!", "Basic YQ=x", "basic"]) {
      expect(await check(withHeaders({ authorization }), noBody), authorization).toBe(false);
    }
  });

  it("sends a Basic challenge with the 401", async () => {
    const handler = createCallbackHandler({ authenticate: check, onNotification: () => {} });
    const response = await handler(delivery(processNotification()));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
  });

  it("refuses a user name with a colon or a missing password", () => {
    expect(() => basicCredentials({ username: "a:b", password: "x" })).toThrow(
      CallbackOptionsError,
    );
    expect(() => basicCredentials({ username: "a", password: "" })).toThrow(CallbackOptionsError);
  });
});

describe("hmacSignature", () => {
  const body = new TextEncoder().encode(JSON.stringify(processNotification()));
  const evidence = { rawBody: body, remoteAddress: undefined };
  const signed = (value: string, header = "x-signature") => withHeaders({ [header]: value });

  it("accepts a signature made with any active secret, and refuses one made with a retired secret", async () => {
    const check = hmacSignature({ secrets: ["current", "next"] });
    expect(await check(signed(await signBody(body, "current")), evidence)).toBe(true);
    expect(await check(signed(await signBody(body, "next")), evidence)).toBe(true);
    expect(await check(signed(await signBody(body, "retired")), evidence)).toBe(false);
  });

  it("refuses a signature of other bytes", async () => {
    const check = hmacSignature({ secrets: "current" });
    const tampered = { rawBody: new Uint8Array([...body, 0x20]), remoteAddress: undefined };
    expect(await check(signed(await signBody(body, "current")), tampered)).toBe(false);
  });

  it("reads the configured header, prefix and encoding", async () => {
    const options = { header: "x-bctt-signature", prefix: "sha256=", encoding: "base64" } as const;
    const check = hmacSignature({ secrets: "s3cret", ...options });
    const signature = await signBody(body, "s3cret", options);
    expect(signature).toMatch(/^sha256=[A-Za-z0-9+/]+=*$/);
    expect(await check(signed(signature, "x-bctt-signature"), evidence)).toBe(true);
    expect(await check(signed(signature.slice(7), "x-bctt-signature"), evidence)).toBe(false);
    expect(await check(signed(signature, "x-signature"), evidence)).toBe(false);
  });

  it("matches the HMAC-SHA256 test vector of RFC 4231 §4.3", async () => {
    const check = hmacSignature({ secrets: "Jefe" });
    const data = new TextEncoder().encode("what do ya want for nothing?");
    const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    expect(await signBody(data, "Jefe")).toBe(expected);
    expect(await check(signed(expected), { rawBody: data, remoteAddress: undefined })).toBe(true);
  });

  it("refuses malformed signatures without throwing", async () => {
    const check = hmacSignature({ secrets: "current" });
    for (const value of ["", "zz", "abc", "sha256=", "%%%"]) {
      expect(await check(signed(value), evidence), value).toBe(false);
    }
    const base64 = hmacSignature({ secrets: "current", encoding: "base64" });
    expect(await base64(signed("@@@"), evidence)).toBe(false);
  });

  it("refuses to be created without a secret", () => {
    expect(() => hmacSignature({ secrets: [] })).toThrow(CallbackOptionsError);
    expect(() => hmacSignature({ secrets: "" })).toThrow(CallbackOptionsError);
  });
});

describe("ipAllowlist", () => {
  const check = ipAllowlist(["203.0.113.7", "198.51.100.0/24", "2001:db8::/32", "10.0.0.0/8"]);
  const from = (remoteAddress: string | undefined) =>
    check(withHeaders({ "x-forwarded-for": "203.0.113.7" }), {
      rawBody: new Uint8Array(),
      remoteAddress,
    });

  it("accepts listed addresses and addresses inside listed ranges", async () => {
    for (const address of [
      "203.0.113.7",
      "198.51.100.0",
      "198.51.100.255",
      "10.200.3.4",
      "2001:db8::1",
      "2001:0db8:ffff::",
    ]) {
      expect(await from(address), address).toBe(true);
    }
  });

  it("matches an IPv4 client seen as IPv4-mapped IPv6 on a dual-stack socket", async () => {
    expect(await from("::ffff:203.0.113.7")).toBe(true);
    expect(await from("::ffff:cb00:7107")).toBe(true);
  });

  it("refuses other addresses, unknown peers and garbage, whatever the headers claim", async () => {
    for (const address of [
      "203.0.113.8",
      "198.51.101.1",
      "11.0.0.1",
      "2001:db9::1",
      "::1",
      "",
      "1.2.3",
      "999.1.1.1",
      "::ffff:1.2.3.4.5",
      undefined,
    ]) {
      expect(await from(address), String(address)).toBe(false);
    }
  });

  it("parses compressed and embedded IPv6 forms", async () => {
    const v6 = ipAllowlist(["::1", "fe80::/10", "64:ff9b::192.0.2.0/120"]);
    const at = (remoteAddress: string) =>
      v6(withHeaders({}), { rawBody: new Uint8Array(), remoteAddress });
    expect(await at("0:0:0:0:0:0:0:1")).toBe(true);
    expect(await at("fe80::1%eth0")).toBe(true);
    expect(await at("64:ff9b::c000:207")).toBe(true);
    expect(await at("64:ff9b::c000:307")).toBe(false);
    expect(await at("1:2:3:4:5:6:7:8:9")).toBe(false);
    expect(await at("1::2::3")).toBe(false);
  });

  it("refuses an invalid entry at creation", () => {
    for (const entry of [
      "10.0.0.0/33",
      "300.1.1.1",
      "2001:db8::/129",
      "10.0.0.0/8/1",
      "host.example",
      "10.0.0.0/x",
    ]) {
      expect(() => ipAllowlist([entry]), entry).toThrow(CallbackOptionsError);
    }
    expect(() => ipAllowlist([])).toThrow(CallbackOptionsError);
  });
});
