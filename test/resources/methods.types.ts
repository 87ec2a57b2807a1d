/**
 * Compile-time checks of the resource methods, enforced by `npm run typecheck` (never run: the
 * clients are only declared): arguments and results come from the spec, a wrong argument does
 * not compile, and the results are the ones `unwrap(client.GET(…))` gives.
 */
import { expectTypeOf } from "vitest";
import {
  type CesceClassificationsComponents,
  type createCesceClient,
  type createPartnersPortalClient,
  type PaginatedCall,
  type PaginatedRequestOptions,
  type PartnersPortalComponents,
  type RequestOptions,
  unwrap,
} from "../../src/index.ts";

type Schemas = PartnersPortalComponents["schemas"];
declare const portal: ReturnType<typeof createPartnersPortalClient>;
declare const cesce: ReturnType<typeof createCesceClient>;
const id = "6098c82f-a840-46f0-a93f-59bdc8daf0d0";

/** The methods take the path parameters, then the query or the body, then the options. */
export function argumentsInOrder() {
  expectTypeOf(portal.simulations.retrieve).parameters.toEqualTypeOf<
    [simulationUniqueId: string, options?: RequestOptions]
  >();
  expectTypeOf(portal.simulations.create)
    .parameter(0)
    .toEqualTypeOf<Schemas["SimulationCreateRequest"]>();
  expectTypeOf(portal.processes.borrowers.update).parameter(1).toBeString();
  expectTypeOf(portal.processes.borrowers.update)
    .parameter(2)
    .toEqualTypeOf<Schemas["BorrowerUpdateRequest"]>();
  expectTypeOf(portal.simulations.list)
    .parameter(1)
    .toEqualTypeOf<PaginatedRequestOptions | undefined>();
  expectTypeOf(portal.taxonomy.countryWithDistricts).parameters.toEqualTypeOf<
    [countryId: number, options?: RequestOptions]
  >();
}

/** The methods resolve to the response data, the same type unwrap gives. */
export async function resultsAsUnwrap() {
  const viaMethod = await portal.simulations.retrieve(id);
  expectTypeOf(viaMethod).toEqualTypeOf<Schemas["SimulationDetail"]>();
  const viaUnwrap = await unwrap(
    portal.GET("/v1/simulations/{simulationUniqueId}", {
      params: { path: { simulationUniqueId: id } },
    }),
  );
  expectTypeOf(viaMethod).toExtend<typeof viaUnwrap>();
  expectTypeOf(viaUnwrap).toExtend<typeof viaMethod>();
  expectTypeOf(await portal.taxonomy.genders()).toEqualTypeOf<Schemas["TaxonomyList"]>();
}

/** The methods return a paginated call: the first page awaited, the items iterated. */
export async function paginatedCalls() {
  const call = portal.simulations.list({ lineCount: 10 });
  expectTypeOf(call).toEqualTypeOf<
    PaginatedCall<Schemas["SimulationList"], Schemas["SimulationListItem"]>
  >();
  expectTypeOf(await call).toEqualTypeOf<Schemas["SimulationList"]>();
  for await (const simulation of call)
    expectTypeOf(simulation).toEqualTypeOf<Schemas["SimulationListItem"]>();
  for await (const message of portal.processes.messages.list(id, {}, { maxItems: 5 }))
    expectTypeOf(message).toEqualTypeOf<Schemas["Message"]>();
}

/** CESCE's methods are typed too, their optional query in the options. */
export async function cesceMethods() {
  type Cesce = CesceClassificationsComponents["schemas"];
  expectTypeOf(cesce.classifications.create)
    .parameter(1)
    .toEqualTypeOf<Cesce["ClassificationCreateRequest"]>();
  expectTypeOf(await cesce.classifications.query("1", { countryCode: "ES" })).toEqualTypeOf<
    Cesce["ClassificationQueryResponse"]
  >();
  cesce.classifications.cancel(
    "1",
    { debtor: { endorsementNo: "4567890" } } as Cesce["ClassificationCancelRequest"],
    {
      query: { languageCode: "EN" },
    },
  );
}

/** The methods refuse wrong arguments. */
export function wrongArguments() {
  // @ts-expect-error: the path parameter is missing
  portal.simulations.retrieve();
  // @ts-expect-error: a simulation id is a string
  portal.simulations.retrieve(42);
  // @ts-expect-error: the body lacks the required fields
  portal.simulations.create({ loanAmount: 1 });
  // @ts-expect-error: Simulation ESIS Email needs its query (sendAddress)
  portal.simulations.esis.email(id);
  // @ts-expect-error: a query parameter the spec lacks
  portal.simulations.list({ pageNumber: 2 });
  // @ts-expect-error: an option that does not exist
  portal.taxonomy.genders({ retries: 1 });
  // @ts-expect-error: maxItems is for paginated methods only
  portal.taxonomy.genders({ maxItems: 1 });
  // @ts-expect-error: no such resource
  portal.borrowers;
  // @ts-expect-error: the body is not the query
  cesce.classifications.create("1", { countryCode: "ES" });
}
