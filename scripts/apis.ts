/** The specs of this repository, by their key in redocly.yaml (`apis:`) and folder in openapi/. */
export const apis = ["partners-portal", "cesce-classifications", "cesce-oauth"] as const;

export type ApiName = (typeof apis)[number];
