/**
 * `npm run demo`: a broker's day through the SDK's public API only. By default it starts Prism
 * for the three specs on loopback (no credentials needed); with the environment variables in the
 * README it runs against the real QA hosts instead.
 *
 * Partners Portal: authenticate, load the taxonomies a simulation needs, create and validate a
 * simulation, read it and its ESIS (written to a PDF), open a process from it, add a borrower,
 * refuse a mistyped NIF before sending, upload a PDF it writes first, post a message and page
 * through the thread, submit.
 * CESCE: get a token, request a debtor's classification, query it, accept its premium.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  cesceAmount,
  createCesceClient,
  createPartnersPortalClient,
  documentFrom,
  esisToFile,
  RequestValidationError,
  type SdkEvent,
} from "../src/index.ts";
import { receiveCallbacks } from "./demo-callbacks.ts";
import { type PrismServer, specPath, startPrism } from "./prism.ts";
import { writeSamplePdf } from "./sample-pdf.ts";

const env = process.env;
const live = Boolean(env.BCTT_BASE_URL || env.CESCE_BASE_URL);
const outDir = join(import.meta.dirname, "..", ".demo-output");

async function step<T>(
  label: string,
  run: () => Promise<T>,
  describe: (value: T) => string,
): Promise<T> {
  const started = performance.now();
  const value = await run();
  const ms = (performance.now() - started).toFixed(0).padStart(5);
  console.log(`  ✓ ${ms} ms  ${label}: ${describe(value)}`);
  return value;
}

async function partnersPortal(baseUrl: string): Promise<void> {
  let authentications = 0;
  let responses = 0;
  const onEvent = (event: SdkEvent) => {
    if (event.type === "response") responses++;
    if (event.type === "response" && event.path.endsWith("/v1/authentication")) authentications++;
  };
  const client = createPartnersPortalClient({
    baseUrl,
    credentials: {
      clientId: env.BCTT_CLIENT_ID ?? "demo-network-client",
      clientSecret: env.BCTT_CLIENT_SECRET ?? "demo-network-secret",
      brokerUid: env.BCTT_BROKER_UID ?? "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
      username: env.BCTT_USERNAME ?? "broker.user@example.pt",
    },
    language: "pt-PT",
    onEvent,
  });

  console.log(`Banco CTT Partners Portal (${baseUrl})`);
  const rateTypes = await step(
    "authenticate and list rate types",
    () => client.taxonomy.indexTypeSubCategories(),
    (items) => `${authentications} session, ${items.map((i) => i.description).join(" / ")}`,
  );
  const taxonomies = await step(
    "load the other simulation taxonomies",
    async () => {
      const lists = await Promise.all([
        client.taxonomy.indexTypes(),
        client.taxonomy.productSchemes(),
        client.taxonomy.loanPurposes(),
        client.taxonomy.productPurposes(),
        client.taxonomy.propertyTypologies(),
        client.taxonomy.districts(),
      ]);
      return lists.reduce((sum, list) => sum + list.length, rateTypes.length);
    },
    (count) => `${count} reference entries (cached for an hour)`,
  );
  void taxonomies;

  const simulation = await step(
    "create a simulation",
    () =>
      client.simulations.create({
        loanAmount: 200000,
        loanDurationMonths: 360,
        indexTypeSubCategoryId: 3,
        indexTypeId: 75,
        productSchemeId: 1,
        loanPurposeId: 1,
        productPurposeId: 2,
        propertyValue: 250000,
        propertyTypologyId: 1,
        districtId: 11,
        hasCrossSelling: true,
        borrowers: [{ birthDate: "1990-05-10T00:00:00Z", incomeWagesPensions: 2500 }],
      }),
    (created) => `simulation ${created.simulationNumber} (${created.simulationUniqueID})`,
  );
  const simulationUniqueId = simulation.simulationUniqueID;

  await step(
    "validate it",
    () => client.simulations.validate(simulationUniqueId),
    (result) => result.operationStatus.operationStatusMessage,
  );
  await step(
    "read its detail",
    () => client.simulations.retrieve(simulationUniqueId),
    (detail) => `status ${detail.simulationStatusDescription ?? detail.simulationStatusID}`,
  );
  await step(
    "download its ESIS",
    async () => {
      const esis = await client.simulations.esis.retrieve(simulationUniqueId);
      mkdirSync(outDir, { recursive: true });
      return esisToFile(esis, join(outDir, "simulation-esis.pdf")); // checks it is a PDF
    },
    ({ path, byteLength }) => `${byteLength} bytes written to ${path}`,
  );

  const process = await step(
    "open a process from it",
    () => client.processes.create({ simulationUniqueId }),
    (created) => `process ${created.processNumber} (${created.processUniqueID})`,
  );
  const processUniqueId = process.processUniqueID;

  await step(
    "refuse a mistyped NIF before sending",
    async () => {
      const sent = responses;
      const error = await client.processes.borrowers
        .create(processUniqueId, {
          borrowerTypeId: 1,
          personalData: { name: "Ana Sofia Martins", taxId: "123456780" },
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      if (!(error instanceof RequestValidationError)) throw new Error("the NIF was not refused");
      const [issue] = error.issues;
      return `${issue?.path} fails ${issue?.format} (${issue?.problem}), ${responses - sent} requests sent`;
    },
    (summary) => summary,
  );
  await step(
    "add a borrower",
    () =>
      client.processes.borrowers.create(processUniqueId, {
        borrowerTypeId: 1,
        personalData: {
          name: "Ana Sofia Martins",
          birthDate: "1990-05-10T00:00:00Z",
          taxId: "123456789",
          email: "ana.martins@example.pt",
        },
        financialData: { incomeWagesPensions: 2500, hasSocialSecurityDebt: false },
      }),
    (created) => `borrower ${created.borrowerUniqueID}`,
  );
  await step(
    "write a PDF and upload it",
    async () => {
      mkdirSync(outDir, { recursive: true });
      const file = join(outDir, "recibo-vencimento.pdf");
      const bytes = writeSamplePdf(file, [
        "Recibo de vencimento",
        "Ana Sofia Martins",
        "2500,00 EUR",
      ]);
      const document = await documentFrom(file); // { fileName, documentContent (base64) }
      const created = await client.processes.documents.create(processUniqueId, {
        documentTitle: "Recibo de vencimento",
        documentTypeID: 4,
        ...document,
      });
      return { bytes, fileName: document.fileName, id: created.documentUniqueID };
    },
    ({ bytes, fileName, id }) => `${fileName} (${bytes} bytes) as document ${id}`,
  );
  await step(
    "post a message",
    () =>
      client.processes.messages.create(processUniqueId, {
        subject: "Documentação",
        text: "Segue o recibo de vencimento da proponente.",
      }),
    (result) => result.operationStatus.operationStatusMessage,
  );
  await step(
    "page through the messages",
    async () => {
      const subjects: string[] = [];
      for await (const message of client.processes.messages.list(processUniqueId)) {
        subjects.push(message.subject);
      }
      return subjects;
    },
    (subjects) => `${subjects.length} message(s): ${subjects.join("; ")}`,
  );
  await step(
    "submit the process",
    () => client.processes.submit(processUniqueId),
    (result) => result.operationStatus.operationStatusMessage,
  );
  await receiveCallbacks(client, step, live);
}

async function cesce(baseUrl: string, tokenUrl: string): Promise<void> {
  let tokens = 0;
  const client = createCesceClient({
    baseUrl,
    tokenUrl,
    credentials: {
      clientId: env.CESCE_CLIENT_ID ?? "demo-app-id",
      clientSecret: env.CESCE_CLIENT_SECRET ?? "demo-app-secret",
      username: env.CESCE_USERNAME ?? "demo-user",
      password: env.CESCE_PASSWORD ?? "demo-password",
    },
    onEvent: (event) => {
      if (event.type === "response" && event.path.endsWith("/token")) tokens++;
    },
  });
  const contractNo = env.CESCE_CONTRACT_NO ?? "12345678901";

  console.log(`CESCE Classifications (${baseUrl})`);
  const requested = await step(
    "get a token and request a classification",
    () =>
      client.classifications.create(contractNo, {
        debtor: {
          countryCode: "ES",
          taxCode: "B12345674",
          companyName: "Distribuciones Ejemplo S.L.",
          creditLimitRequested: cesceAmount.encode(100000),
          currencyCode: "EUR",
          paymentTermsRequested: "90",
        },
      }),
    (result) => `${tokens} token, request for ${result.debtor?.companyName ?? "the debtor"}`,
  );
  void requested;
  const found = await step(
    "query the classification",
    () => client.classifications.query(contractNo, { countryCode: "ES", taxCode: "B12345674" }),
    (result) => {
      const debtor = result.debtor?.[0];
      const granted = debtor?.creditLimitGranted
        ? cesceAmount.decode(debtor.creditLimitGranted)
        : 0;
      return `${debtor?.companyName ?? "?"}: situation ${debtor?.situationCode ?? "?"}, granted ${granted.toLocaleString("pt-PT")} ${debtor?.currencyCode ?? ""}`;
    },
  );
  const endorsementNo = found.debtor?.[0]?.endorsementNo ?? "4567890";
  await step(
    "accept its premium",
    () =>
      client.classifications.acceptDenyPremium(contractNo, {
        debtor: { endorsementNo },
        acceptPremiumInd: "Y",
      }),
    (result) => `envelope errorCode ${result.error.errorCode}`,
  );
}

async function main(): Promise<void> {
  const servers: PrismServer[] = [];
  try {
    let urls = {
      bctt: env.BCTT_BASE_URL ?? "",
      cesce: env.CESCE_BASE_URL ?? "",
      token: env.CESCE_TOKEN_URL ?? "https://api.cesce.es/sandbox/oauth2/v1/token",
    };
    if (!live) {
      const started = performance.now();
      const [pp, cc, oauth] = await Promise.all([
        startPrism(specPath("partners-portal")),
        startPrism(specPath("cesce-classifications")),
        startPrism(specPath("cesce-oauth")),
      ]);
      servers.push(pp, cc, oauth);
      urls = { bctt: pp.url, cesce: cc.url, token: `${oauth.url}/token` };
      console.log(
        `Prism mocks for the three specs started in ${(performance.now() - started).toFixed(0)} ms\n`,
      );
    }
    if (urls.bctt) await partnersPortal(urls.bctt);
    if (urls.cesce) {
      console.log();
      await cesce(urls.cesce, urls.token);
    }
    console.log("\nDone.");
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

await main();
