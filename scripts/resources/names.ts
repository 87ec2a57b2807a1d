/**
 * The names of the resource methods: which resource each tag becomes, and which method each
 * operation becomes. They are written out here, not derived from operationIds, because they are
 * a public API (the README, the demo and users' code call them) and must not move when an
 * operationId is renamed. `npm run generate` fails when an operation has no name here, and when
 * a name here matches no operation.
 */
import type { ApiName } from "../apis.ts";

export interface ApiNames {
  /** Tag → dotted resource path (`"processes.borrowers"` is `client.processes.borrowers`). */
  readonly resources: Readonly<Record<string, string>>;
  /** operationId → method name on its tag's resource. */
  readonly methods: Readonly<Record<string, string>>;
  /**
   * Tags whose methods are named after their path instead (lowerCamelCase of the first segment
   * after the tag's common prefix): `/v1/taxonomy/country-with-districts/{countryId}` is
   * `countryWithDistricts`. 45 look-ups with a regular naming do not need a table of their own.
   */
  readonly namedByPath?: readonly string[];
  /** Operations the client sends on its own (Authenticate): no method. */
  readonly internal?: readonly string[];
}

const partnersPortal: ApiNames = {
  resources: {
    Partners: "callbacks",
    Processes: "processes",
    ProcessesBorrower: "processes.borrowers",
    ProcessesDocument: "processes.documents",
    ProcessesESIS: "processes.esis",
    ProcessesMessage: "processes.messages",
    ProcessesProperty: "processes.properties",
    Simulations: "simulations",
    SimulationsESIS: "simulations.esis",
    SimulationsMessages: "simulations.messages",
    Taxonomy: "taxonomy",
  },
  methods: {
    listCallbacks: "list",
    upsertCallback: "update",
    deleteCallback: "delete",
    echoCallback: "echo",
    listSimulations: "list",
    createSimulation: "create",
    getSimulation: "retrieve",
    updateSimulation: "update",
    cancelSimulation: "cancel",
    validateSimulation: "validate",
    getSimulationEsis: "retrieve",
    emailSimulationEsis: "email",
    listSimulationMessages: "list",
    createSimulationMessage: "create",
    listProcesses: "list",
    createProcess: "create",
    getProcess: "retrieve",
    updateProcess: "update",
    submitProcess: "submit",
    cancelProcess: "cancel",
    listBorrowers: "list",
    createBorrower: "create",
    getBorrower: "retrieve",
    updateBorrower: "update",
    deleteBorrower: "delete",
    listDocuments: "list",
    createDocument: "create",
    getDocument: "retrieve",
    updateDocument: "update",
    deleteDocument: "delete",
    getProcessEsis: "retrieve",
    emailProcessEsis: "email",
    listProcessMessages: "list",
    createProcessMessage: "create",
    getProperty: "list",
    updateProperty: "update",
  },
  namedByPath: ["Taxonomy"],
  internal: ["authenticate"],
};

const cesceClassifications: ApiNames = {
  resources: { Classifications: "classifications" },
  methods: {
    getClassifications: "query",
    createClassification: "create",
    activateDeactivateClassification: "activateDeactivate",
    cancelClassification: "cancel",
    acceptDenyPremium: "acceptDenyPremium",
  },
};

/**
 * The APIs that get resource methods, with their names. The token endpoint (`cesce-oauth`) has
 * none: the CESCE client calls it on its own.
 */
export const resourceNames: Partial<Record<ApiName, ApiNames>> = {
  "partners-portal": partnersPortal,
  "cesce-classifications": cesceClassifications,
};

/** The prefix of each API's exported type names (`PartnersPortalSimulations`). */
export const typePrefix: Partial<Record<ApiName, string>> = {
  "partners-portal": "PartnersPortal",
  "cesce-classifications": "Cesce",
};
