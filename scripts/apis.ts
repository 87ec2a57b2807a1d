/** The specs of this repository, by their key in redocly.yaml (`apis:`) and folder in openapi/. */
export const apis = ["partners-portal", "cesce-classifications", "cesce-oauth"] as const;

export type ApiName = (typeof apis)[number];

/** `npm run mock` serves `apis[i]` on this port + i (MOCK_PORT moves it). */
export const defaultMockPort = 4010;
