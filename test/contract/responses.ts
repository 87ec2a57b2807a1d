/**
 * What a spec declares an operation answers: its statuses and their JSON examples, and a check
 * that Prism served a declared response rather than its own verdict on an invalid request.
 */
import {
  type ContractApi,
  label,
  type Node,
  type OperationRow,
  operationOf,
  resolve,
} from "./specs.ts";

/** The numeric statuses an operation declares (ranges such as `4XX` and `default` are skipped). */
export function declaredStatuses(api: ContractApi, row: OperationRow): number[] {
  return Object.keys(operationOf(api, row).responses ?? {})
    .filter((code) => /^\d{3}$/.test(code))
    .map(Number);
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

function jsonMedia(api: ContractApi, row: OperationRow, status: number): Node | undefined {
  const response = operationOf(api, row).responses?.[String(status)];
  if (!response) throw new Error(`${label(row)} declares no ${status}`);
  return resolve(api.spec, response).content?.["application/json"] as Node | undefined;
}

/**
 * The JSON examples of a declared response, by name; an unnamed `example` is named "example".
 * The first is the one Prism serves when no `Prefer: example=` picks another.
 */
export function examplesOf(
  api: ContractApi,
  row: OperationRow,
  status: number,
): [string, unknown][] {
  const media = jsonMedia(api, row, status);
  if (!media) return [];
  if (media.example !== undefined) return [["example", media.example]];
  return Object.entries((media.examples ?? {}) as Record<string, Node>).map(([name, example]) => [
    name,
    resolve(api.spec, example).value,
  ]);
}

/** The example Prism serves for `status`; throws when the spec has none to compare with. */
export function servedExample(api: ContractApi, row: OperationRow, status: number): unknown {
  const first = examplesOf(api, row, status)[0];
  if (!first) throw new Error(`${label(row)}: the ${status} response has no JSON example`);
  return first[1];
}

/**
 * Throws when Prism found the request invalid. Prism then answers with the operation's own
 * declared 422 (or 400) example, which looks exactly like a declared error; only its
 * `sl-violations` header tells the two apart.
 */
export function expectNoViolations(response: Response): void {
  const violations = response.headers.get("sl-violations");
  if (violations !== null) {
    throw new Error(`Prism refused the request (${response.status}): ${violations}`);
  }
}
