/**
 * Builds an operation's request from its spec's own examples: path, query and header parameters
 * and the body. Prism validates every request against the spec, so an example that does not
 * fit its own schema fails the contract test that sends it.
 */
import {
  type ContractApi,
  label,
  type Node,
  type OperationRow,
  operationOf,
  resolve,
} from "./specs.ts";

export interface BuiltRequest {
  params: {
    path: Record<string, unknown>;
    query: Record<string, unknown>;
    header: Record<string, string>;
  };
  body?: unknown;
}

/**
 * Headers the SDK sets itself: the session or token (`Authorization`, or the API Commons'
 * `sessionToken`), Authenticate's credentials and the Commons' network credentials.
 */
const sdkHeaders = new Set([
  "authorization",
  "sessiontoken",
  "xclientid",
  "xclientsecret",
  "x-client-id",
  "x-client-secret",
  "xbrokeruid",
  "xusername",
]);

const firstExampleValue = (examples: unknown): unknown => {
  if (Array.isArray(examples)) return examples[0];
  if (examples && typeof examples === "object") {
    return (Object.values(examples)[0] as Node | undefined)?.value;
  }
  return undefined;
};

/** An explicit example of a parameter: `schema.examples`, `schema.example`, `example`, `examples`. */
function exampleOf(spec: Node, parameter: Node): unknown {
  const schema = resolve(spec, parameter.schema ?? {});
  return (
    firstExampleValue(schema.examples) ??
    schema.example ??
    parameter.example ??
    firstExampleValue(parameter.examples)
  );
}

/** Path-level parameters, overridden by the operation's own of the same name and location. */
function parametersOf(api: ContractApi, row: OperationRow): Node[] {
  const pathItem = api.spec.paths[row.path] as Node;
  const byKey = new Map<string, Node>();
  for (const ref of [...(pathItem.parameters ?? []), ...(operationOf(api, row).parameters ?? [])]) {
    const parameter = resolve(api.spec, ref);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

/** The JSON body example of the operation, or undefined when it takes no body. */
function bodyOf(api: ContractApi, row: OperationRow): unknown {
  const operation = operationOf(api, row);
  if (!operation.requestBody) return undefined;
  const requestBody = resolve(api.spec, operation.requestBody);
  const media = requestBody.content?.["application/json"] as Node | undefined;
  if (!media) {
    const types = Object.keys(requestBody.content ?? {}).join(", ");
    throw new Error(`${label(row)}: the contract tests send JSON bodies only, not ${types}`);
  }
  const body = media.example ?? firstExampleValue(media.examples);
  if (body === undefined && requestBody.required) {
    throw new Error(`${label(row)}: the required body has no example`);
  }
  return body;
}

/**
 * The request of `row` built from the spec's examples: every required parameter (from its
 * example, else its schema's default), every optional query or header parameter that has an
 * example, and the body's example. Throws when a required value has no example.
 */
export function requestFor(api: ContractApi, row: OperationRow): BuiltRequest {
  const request: BuiltRequest = { params: { path: {}, query: {}, header: {} } };
  for (const parameter of parametersOf(api, row)) {
    if (parameter.in === "header" && sdkHeaders.has(String(parameter.name).toLowerCase())) continue;
    const example = exampleOf(api.spec, parameter);
    const value =
      example ??
      (parameter.required ? resolve(api.spec, parameter.schema ?? {}).default : undefined);
    if (value === undefined) {
      if (parameter.required) {
        throw new Error(
          `${label(row)}: required ${parameter.in} parameter ${parameter.name} has no example`,
        );
      }
      continue;
    }
    if (parameter.in === "path") request.params.path[parameter.name] = value;
    else if (parameter.in === "query") request.params.query[parameter.name] = value;
    else if (parameter.in === "header") request.params.header[parameter.name] = String(value);
  }
  const body = bodyOf(api, row);
  if (body !== undefined) request.body = body;
  return request;
}
