/**
 * Runs a generated Postman collection with Newman, programmatically, and keeps a transcript of
 * every request it sent: the items' own and those its scripts sent with `pm.sendRequest`
 * (Authenticate, the token grant), with Prism's verdict on each.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import newman, { type NewmanRunFailure } from "newman";
import { expect } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: Postman collection JSON, edited by key
export type Json = Record<string, any>;

const postmanDir = join(import.meta.dirname, "../../postman");

/** A file of postman/, parsed. */
export const loadPostman = (name: string): Json =>
  JSON.parse(readFileSync(join(postmanDir, name), "utf8")) as Json;

export interface SentRequest {
  /** The item the run was on. */
  item: string;
  method: string;
  url: string;
  /** 0 when no response came back. */
  status: number;
  /** Prism's `sl-violations` header: set when the request broke the spec. */
  violations: string | null;
  authorization: string | null;
  /** Sent by a script's `pm.sendRequest`, not by the item itself. */
  byScript: boolean;
}

export interface NewmanRun {
  sent: SentRequest[];
  /** Newman's failures: script errors, failed requests, assertion failures. */
  failures: string[];
  /** What the scripts logged with `console.error`. */
  errors: string[];
}

/** The mock environment, its URLs moved to the Prisms of this test run. */
export function mockEnvironment(urls: Record<string, string>): Json {
  const environment = loadPostman("mock.postman_environment.json");
  const moved: Record<string, string | undefined> = {
    portalBaseUrl: urls["partners-portal"],
    cesceBaseUrl: urls["cesce-classifications"],
    cesceTokenUrl: urls["cesce-oauth"] && `${urls["cesce-oauth"]}/token`,
  };
  for (const [key, value] of Object.entries(moved)) {
    const variable = (environment.values as Json[]).find((v) => v.key === key);
    if (!variable || !value) throw new Error(`mock environment: cannot set ${key}`);
    variable.value = value;
  }
  return environment;
}

export function runNewman(
  collection: Json,
  environment: Json,
  options: { folder?: string[] } = {},
): Promise<NewmanRun> {
  const run: NewmanRun = { sent: [], failures: [], errors: [] };
  return new Promise((resolve, reject) => {
    newman
      .run({
        collection,
        environment,
        folder: options.folder,
        reporters: [],
        timeoutRequest: 10_000,
      })
      .on("request", (error, args) => {
        run.sent.push({
          item: args.item.name,
          method: args.request.method,
          url: args.request.url.toString(),
          status: error ? 0 : (args.response?.code ?? 0),
          violations: args.response?.headers.get("sl-violations") ?? null,
          authorization: args.request.headers.get("Authorization") ?? null,
          byScript: Boolean((args.cursor as { scriptId?: string }).scriptId),
        });
      })
      .on("console", (_error, args) => {
        if (args.level === "error") run.errors.push(args.messages.join(" "));
      })
      .on("done", (error, summary) => {
        if (error) return reject(error);
        run.failures = summary.run.failures.map(
          (f: NewmanRunFailure) => `${f.at}: ${f.error.message}`,
        );
        resolve(run);
      });
  });
}

/** A copy of `collection` with its variables preset, as a previous run would have left them. */
export function withVariables(collection: Json, values: Record<string, string>): Json {
  const copy = structuredClone(collection);
  for (const variable of copy.variable as Json[]) {
    if (variable.key in values) variable.value = values[variable.key];
  }
  return copy;
}

/** A copy of `collection` holding only `name`, sent with `headers` added. */
export function onlyRequest(
  collection: Json,
  name: string,
  headers: Record<string, string> = {},
): Json {
  const copy = structuredClone(collection);
  const item = (copy.item as Json[]).flatMap((f) => f.item as Json[]).find((i) => i.name === name);
  if (!item) throw new Error(`no request ${name}`);
  for (const [key, value] of Object.entries(headers)) item.request.header.push({ key, value });
  copy.item = [{ name: "only", item: [item] }];
  return copy;
}

/** No failure, no script error, and every request valid for Prism and answered with a 2xx. */
export function expectAllValid(run: NewmanRun) {
  expect(run.failures).toEqual([]);
  expect(run.errors).toEqual([]);
  const refused = run.sent.filter(
    (r) => r.violations !== null || r.status < 200 || r.status >= 300,
  );
  expect(refused).toEqual([]);
}
