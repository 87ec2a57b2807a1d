/**
 * The conversion itself, by Postman's own converter (openapi-to-postmanv2): one folder per tag,
 * requests named by their summaries, parameters and bodies from the spec's examples, the
 * responses as saved examples. Everything project-specific happens afterwards, on its output.
 */
import { convertV2, type Options } from "openapi-to-postmanv2";
import { seededRandom } from "./ids.ts";

// biome-ignore lint/suspicious/noExplicitAny: Postman collection JSON, walked by key
export type Json = Record<string, any>;

const options: Options = {
  folderStrategy: "Tags",
  requestNameSource: "Fallback",
  parametersResolution: "Example",
  // Optional parameters are listed but unticked: a click sends one, none is sent by default.
  enableOptionalParameters: false,
  includeAuthInfoInExample: false,
  alwaysInheritAuthentication: true,
  includeWebhooks: false,
};

/** Converts one bundled spec to a Postman v2.1 collection, with repeatable faked values. */
export async function convertSpec(spec: Json): Promise<Json> {
  const realRandom = Math.random;
  Math.random = seededRandom(21);
  try {
    return await new Promise<Json>((resolve, reject) => {
      convertV2({ type: "json", data: spec }, options, (error, result) => {
        if (error) return reject(error);
        const data = result?.output?.[0]?.data;
        if (!result?.result || !data) {
          return reject(new Error(`openapi-to-postmanv2 failed: ${result?.reason ?? "no output"}`));
        }
        resolve(data as Json);
      });
    });
  } finally {
    Math.random = realRandom;
  }
}
