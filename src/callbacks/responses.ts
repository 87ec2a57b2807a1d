/**
 * The receiver's answers. Errors are RFC 9457 problem details: a fixed title per status and, for
 * a 400, the list of problems found. None of them repeats a byte of the request body, a header
 * value or a secret, so a response can be logged by the sender without leaking anything.
 */
import type { Problem } from "./validate.js";

/** The error statuses the receiver answers with. */
export type ErrorStatus = 400 | 401 | 405 | 413 | 415 | 500;

const titles: Record<ErrorStatus, string> = {
  400: "The notification is not valid",
  401: "The sender is not authenticated",
  405: "Only POST is accepted",
  413: "The body is too large",
  415: "The body must be JSON (Content-Type: application/json)",
  500: "The notification could not be processed; retry later",
};

/** A problem-details response for `status`, with `problems` on a 400. */
export function problemResponse(
  status: ErrorStatus,
  extra: { problems?: Problem[]; headers?: Record<string, string> } = {},
): Response {
  const body = {
    title: titles[status],
    status,
    ...(extra.problems ? { problems: extra.problems } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", ...extra.headers },
  });
}

/**
 * The answer to an accepted notification: 200 once processed (or already processed before),
 * 202 when acknowledged before processing.
 */
export function acceptedResponse(status: 200 | 202): Response {
  return new Response(JSON.stringify({ received: true }), {
    status,
    headers: { "content-type": "application/json" },
  });
}
