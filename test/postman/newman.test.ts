/**
 * Both generated Postman collections, run by Newman against the Prism mocks of the contract
 * tests: every request (scripts' included) must pass Prism's validation and get a 2xx, each
 * collection run must authenticate once, and a stale or refused session must be renewed.
 */
import { describe, expect, inject, it } from "vitest";
import { coverageOf } from "../contract/coverage.ts";
import { classifications, oauth, portal } from "../contract/specs.ts";
import {
  expectAllValid,
  type Json,
  loadPostman,
  mockEnvironment,
  type NewmanRun,
  onlyRequest,
  runNewman,
  type SentRequest,
  withVariables,
} from "./newman-run.ts";

const urls = inject("prismUrls");
const environment = mockEnvironment(urls);
const portalCollection = loadPostman("partners-portal.postman_collection.json");
const cesceCollection = loadPostman("cesce.postman_collection.json");

const isAuthenticate = (r: SentRequest) => new URL(r.url).pathname === "/v1/authentication";
const isTokenGrant = (r: SentRequest) => r.url === `${urls["cesce-oauth"]}/token`;
const requestsIn = (collection: Json, folders: string[]) =>
  (collection.item as Json[]).filter((f) => folders.includes(f.name)).flatMap((f) => f.item);

/** A whole collection run: 82 requests to one Prism, slow on a busy machine. */
const wholeRun = { timeout: 120_000 };

const counted: { name: string; covered: number; total: number }[] = [];

function coverage(
  run: NewmanRun,
  name: string,
  apis: { name: string; operations: typeof portal.operations }[],
) {
  const sentByItems = run.sent
    .filter((r) => !r.byScript)
    .map((r) => ({ method: r.method, url: r.url, status: r.status, prefer: null }));
  const result = coverageOf(
    apis.map((api) => ({ ...api, baseUrl: urls[api.name] as string })),
    sentByItems,
  );
  counted.push({ name, covered: result.covered.length, total: result.total });
  return result;
}

describe("partners-portal.postman_collection.json", () => {
  it(
    "runs every operation in Newman with Prism's validation passing and one Authenticate",
    wholeRun,
    async () => {
      const run = await runNewman(portalCollection, environment);
      expectAllValid(run);
      const result = coverage(run, "partners-portal", [portal]);
      expect(result.missing).toEqual([]);
      expect(result.total).toBe(portal.operations.length);
      expect(run.sent.filter(isAuthenticate).map((r) => [r.item, r.byScript])).toEqual([
        ["Authenticate", false],
      ]);
    },
  );

  it(
    "authenticates once, from its script, when Authenticate is not in the run",
    wholeRun,
    async () => {
      // Two folders are enough to show one Authenticate serving many requests.
      const folders = ["Partners", "Processes"];
      const run = await runNewman(portalCollection, environment, { folder: folders });
      expectAllValid(run);
      const authentications = run.sent.filter(isAuthenticate);
      expect(authentications.map((r) => r.byScript)).toEqual([true]);
      const token =
        portal.spec.paths["/v1/authentication"].post.responses["200"].content["application/json"]
          .examples.object.value.sessionToken;
      const others = run.sent.filter((r) => !isAuthenticate(r));
      expect(others.length).toBe(requestsIn(portalCollection, folders).length);
      expect(others.length).toBeGreaterThan(5);
      expect(new Set(others.map((r) => r.authorization))).toEqual(new Set([`Bearer ${token}`]));
    },
  );

  it("keeps a session idle for less than 29 minutes and renews one idle for longer", async () => {
    const stale = (idleMinutes: number) =>
      withVariables(onlyRequest(portalCollection, "Genders Get"), {
        sessionToken: "kept-token",
        sessionLastUsedAt: String(Date.now() - idleMinutes * 60_000),
      });
    const fresh = await runNewman(stale(28), environment);
    expect(fresh.sent.map((r) => [r.item, r.byScript, r.authorization])).toEqual([
      ["Genders Get", false, "Bearer kept-token"],
    ]);
    const idle = await runNewman(stale(30), environment);
    expect(idle.sent.map((r) => [isAuthenticate(r), r.byScript])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(idle.sent[1]?.authorization).not.toBe("Bearer kept-token");
  });

  it("renews the session after a 401 and sends the refused request once more", async () => {
    const refused = onlyRequest(portalCollection, "Genders Get", { Prefer: "code=401" });
    const run = await runNewman(refused, environment);
    expect(run.sent.map((r) => [isAuthenticate(r) ? "Authenticate" : r.item, r.status])).toEqual([
      ["Authenticate", 200],
      ["Genders Get", 401],
      ["Authenticate", 200],
      ["Genders Get", 401],
    ]);
  });
});

describe("cesce.postman_collection.json", () => {
  it(
    "runs every operation in Newman with Prism's validation passing and one token grant",
    wholeRun,
    async () => {
      const run = await runNewman(cesceCollection, environment);
      expectAllValid(run);
      const result = coverage(run, "cesce", [classifications, oauth]);
      expect(result.missing).toEqual([]);
      expect(run.sent.filter(isTokenGrant).map((r) => [r.item, r.byScript])).toEqual([
        ["Token", false],
      ]);
    },
  );

  it("gets its token with the password grant from its script when Token is not in the run", async () => {
    const run = await runNewman(cesceCollection, environment, { folder: ["Classifications"] });
    expectAllValid(run);
    expect(run.sent.filter(isTokenGrant).map((r) => r.byScript)).toEqual([true]);
    const token =
      oauth.spec.paths["/token"].post.responses["200"].content["application/json"].example
        .access_token;
    const others = run.sent.filter((r) => !isTokenGrant(r));
    expect(others.length).toBe(classifications.operations.length);
    expect(new Set(others.map((r) => r.authorization))).toEqual(new Set([`Bearer ${token}`]));
  });

  it("gets a new token when the stored one is due for renewal or refused", async () => {
    const due = withVariables(onlyRequest(cesceCollection, "Classifications Query"), {
      accessToken: "kept-token",
      accessTokenRenewAt: String(Date.now() - 1),
    });
    const renewed = await runNewman(due, environment);
    expect(renewed.sent.map((r) => [isTokenGrant(r), r.byScript])).toEqual([
      [true, true],
      [false, false],
    ]);
    const refused = onlyRequest(cesceCollection, "Classifications Query", { Prefer: "code=401" });
    const run = await runNewman(refused, environment);
    expect(run.sent.map((r) => [isTokenGrant(r) ? "Token" : r.item, r.status])).toEqual([
      ["Token", 200],
      ["Classifications Query", 401],
      ["Token", 200],
      ["Classifications Query", 401],
    ]);
  });
});

describe("Newman operation count", () => {
  it("ran every operation of both collections", () => {
    const covered = counted.reduce((sum, c) => sum + c.covered, 0);
    const total = counted.reduce((sum, c) => sum + c.total, 0);
    const parts = counted.map((c) => `${c.name} ${c.covered}/${c.total}`).join(", ");
    console.log(`postman: Newman ran ${covered}/${total} operations (${parts}), 0 failed requests`);
    expect(counted.map((c) => c.name)).toEqual(["partners-portal", "cesce"]);
    expect(covered).toBe(total);
    expect(total).toBeGreaterThanOrEqual(82 + 5);
  });
});
