import { describe, expect, it } from "vitest";
import { operations as cesceOperations } from "../../generated/cesce-classifications.operations.ts";
import { resourceTable as cesceTable } from "../../generated/cesce-classifications.resource-table.ts";
import { operations as portalOperations } from "../../generated/partners-portal.operations.ts";
import { resourceTable as portalTable } from "../../generated/partners-portal.resource-table.ts";
import { type ResourceTable, withResources } from "../../src/resources/resources.ts";

/** Every method of a table, as `dotted.name` → [method, path, kind]. */
function methodsOf(table: ResourceTable, prefix = ""): [string, readonly string[]][] {
  return Object.entries(table).flatMap(([name, entry]) =>
    Array.isArray(entry)
      ? [[`${prefix}${name}`, entry as readonly string[]] as [string, readonly string[]]]
      : methodsOf(entry as ResourceTable, `${prefix}${name}.`),
  );
}

/** A client whose calls record their path and init, and answer `{ ok: true }`. */
function recordingClient() {
  const calls: { method: string; path: string; init: unknown }[] = [];
  const call = (method: string) => async (path: string, init: unknown) => {
    calls.push({ method, path, init });
    return { data: { ok: true }, response: new Response("{}", { status: 200 }) };
  };
  return { calls, client: { GET: call("GET"), POST: call("POST"), PUT: call("PUT") } };
}

describe("the generated resource tables", () => {
  it("give every operation but Authenticate exactly one method", () => {
    const routes = (rows: readonly { method: string; path: string }[]) =>
      rows.map((row) => `${row.method} ${row.path}`).sort();
    const portalRoutes = methodsOf(portalTable).map(([, [method, path]]) => `${method} ${path}`);
    const cesceRoutes = methodsOf(cesceTable).map(([, [method, path]]) => `${method} ${path}`);
    expect(portalRoutes.sort()).toEqual(
      routes(portalOperations.filter((row) => row.operationId !== "authenticate")),
    );
    expect(cesceRoutes.sort()).toEqual(routes(cesceOperations));
  });

  it("name the 45 taxonomies after their paths", () => {
    const taxonomy = methodsOf(portalTable).filter(([name]) => name.startsWith("taxonomy."));
    expect(taxonomy).toHaveLength(45);
    expect(Object.fromEntries(taxonomy.map(([name, [, path]]) => [name, path]))).toMatchObject({
      "taxonomy.genders": "/v1/taxonomy/genders",
      "taxonomy.countryWithDistricts": "/v1/taxonomy/country-with-districts/{countryId}",
      "taxonomy.notificationTypes": "/v1/taxonomy/notification-types",
    });
  });
});

describe("withResources", () => {
  const table = {
    things: {
      make: ["POST", "/v1/things/{thingId}", "both"],
      parts: { replace: ["PUT", "/v1/things/{thingId}/parts/{partId}", "body"] },
      find: ["GET", "/v1/things", "query"],
    },
  } as const;

  it("builds nested resources whose methods take { query, body } when both are needed", async () => {
    const { calls, client } = recordingClient();
    const api = withResources<
      Record<string, Record<string, (...args: unknown[]) => unknown>>,
      object
    >(client, table, () => fetch);
    await api.things?.make?.("t1", { query: { dryRun: true }, body: { name: "n" } });
    expect(calls[0]).toEqual({
      method: "POST",
      path: "/v1/things/{thingId}",
      init: { params: { path: { thingId: "t1" }, query: { dryRun: true } }, body: { name: "n" } },
    });
  });

  it("fills path parameters in path order and passes the body of a write", async () => {
    const { calls, client } = recordingClient();
    const api = withResources<
      { things: { parts: { replace: (...args: unknown[]) => Promise<unknown> } } },
      object
    >(client, table, () => fetch);
    expect(await api.things.parts.replace("t1", 2, { size: 3 })).toEqual({ ok: true });
    expect(calls[0]?.init).toEqual({
      params: { path: { thingId: "t1", partId: 2 } },
      body: { size: 3 },
    });
  });

  it("keeps the client's own properties", () => {
    const { client } = recordingClient();
    const api = withResources<object, typeof client>(client, table, () => fetch);
    expect(api.GET).toBe(client.GET);
    expect(Object.keys(api)).toEqual(["GET", "POST", "PUT", "things"]);
  });
});
