/** `unwrap`: the data of a 2xx, or the error class its status (or CESCE envelope) maps to. */
import { describe, expect, it } from "vitest";
import { ApiError, BadRequestError, ConflictError } from "../../src/core/errors.ts";
import { CesceEnvelopeError, unwrap } from "../../src/core/unwrap.ts";
import { json } from "../helpers.ts";

const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";

describe("unwrap", () => {
  const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

  it("returns the data when the status is 2xx", async () => {
    const data = { processUniqueId };
    expect(await unwrap({ data, response: ok(data) })).toBe(data);
  });

  it("throws CesceEnvelopeError with the code and description when a 2xx reports errorCode other than 0", async () => {
    const data = { error: { errorCode: "RAD0001", errorDescription: "Contract not found" } };
    const error = await unwrap({ data, response: ok(data) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CesceEnvelopeError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: "RAD0001",
      description: "Contract not found",
      status: 200,
      body: data,
    });
    expect((error as CesceEnvelopeError).message).toContain("RAD0001 Contract not found");
  });

  it("returns the data when a 2xx envelope's errorCode is 0", async () => {
    const data = { error: { errorCode: "0", errorDescription: "" }, debtor: { id: 1 } };
    expect(await unwrap({ data, response: ok(data) })).toBe(data);
    const numeric = { error: { errorCode: 0 } };
    expect(await unwrap({ data: numeric, response: ok(numeric) })).toBe(numeric);
  });

  it("throws CesceEnvelopeError, keeping the status, when a 400 carries an envelope error", async () => {
    const body = { error: { errorCode: "CCC001", errorDescription: "Contrato no localizado" } };
    const error = await unwrap({ error: body, response: json(body, 400) }).catch((e) => e);
    expect(error).toBeInstanceOf(CesceEnvelopeError);
    expect(error).toMatchObject({ status: 400, code: "CCC001", body });
    expect(String(error)).toContain("400 CCC001 Contrato no localizado");
  });

  it("reads envelopes on a 400 only: a 400 without one, or another status, maps by status", async () => {
    const gateway = {
      httpCode: "400",
      httpMessage: "Bad Request",
      moreInformation: "Invalid JSON",
    };
    const plain = await unwrap({ error: gateway, response: json(gateway, 400) }).catch((e) => e);
    expect((plain as object).constructor).toBe(BadRequestError);
    const success = { error: { errorCode: "0", errorDescription: "" } };
    const zero = await unwrap({ error: success, response: json(success, 400) }).catch((e) => e);
    expect((zero as object).constructor).toBe(BadRequestError);
    const envelope = { error: { errorCode: "RAD0001", errorDescription: "x" } };
    const conflict = await unwrap({ error: envelope, response: json(envelope, 409) }).catch(
      (e) => e,
    );
    expect((conflict as object).constructor).toBe(ConflictError);
  });

  it("throws the status's class with the body when the status is not 2xx", async () => {
    const body = { error: "Conflict", message: "Already submitted" };
    const response = json(body, 409, { "x-request-id": "req-42" });
    const error = await unwrap({ error: body, response }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, body, requestId: "req-42" });
  });
});
