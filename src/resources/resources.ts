/**
 * Gives a client its resources (`portal.simulations.create(body)`): the generated resource table
 * becomes nested objects of methods, built once per client. The generated interfaces
 * (`generated/<api>.resources.ts`) type and document them.
 */
import { paginationTable } from "../pagination/paginate.js";
import { createMethod, type MethodContext, type MethodRow } from "./method.js";
import type { CallSettings } from "./request-options.js";

/** A generated resource table: resources nest, and each method is a row. */
export interface ResourceTable {
  readonly [name: string]: ResourceTable | MethodRow;
}

const isRow = (entry: ResourceTable | MethodRow): entry is MethodRow => Array.isArray(entry);

function build(table: ResourceTable, context: MethodContext, prefix: string): object {
  const resource: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(table)) {
    const label = prefix ? `${prefix}.${name}` : name;
    resource[name] = isRow(entry)
      ? createMethod(label, entry, context)
      : build(entry, context, label);
  }
  return resource;
}

/**
 * Adds the resources of `table` to `client` and returns it, typed with `Resources` (the
 * generated interface of the same table). `fetchWith` gives a call its own transport when its
 * options change the timeout or the retry budget.
 *
 * @example
 * return withResources<PartnersPortalResources, typeof client>(client, resourceTable, fetchWith);
 */
export function withResources<Resources extends object, C extends object>(
  client: C,
  table: ResourceTable,
  fetchWith: (settings: CallSettings) => (request: Request) => Promise<Response>,
): C & Resources {
  const paginated = (client as { [paginationTable]?: Record<string, unknown> })[paginationTable];
  const context: MethodContext = {
    client,
    paginated: (path) => paginated?.[path] !== undefined,
    fetchWith,
  };
  // The table and the interface are generated from the same spec.
  return Object.assign(client, build(table, context, "")) as C & Resources;
}
